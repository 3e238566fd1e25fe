//! Where a portal is: the path of a brand's portal page, and (on the server) the full address
//! a client is sent, on the host name the reseller mapped. Lower than every feature that links
//! to a portal (the panel's settings, the portal, emails), so none of them imports another.

/// A path inside the portal of `slug`; `rest` is empty or starts with `/`.
pub fn portal_path(slug: &str, rest: &str) -> String {
    format!("/portal/{slug}{rest}")
}

#[cfg(feature = "ssr")]
mod server {
    use crate::entities::{reseller, reseller_host};
    use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

    /// The host part of `scheme://host[:port]`, lower-case: the provider's own address, which no
    /// portal may take.
    pub fn provider_host(public_origin: &str) -> String {
        let authority = public_origin.split_once("://").map_or(public_origin, |(_, rest)| rest);
        let authority = authority.split('/').next().unwrap_or_default();
        strip_port(authority).to_ascii_lowercase()
    }

    /// `public_origin` (`scheme://host[:port]`) with its host replaced by `host`: a mapped host is
    /// served by the same listener, so it keeps the provider's scheme and port.
    pub fn origin_on_host(public_origin: &str, host: &str) -> String {
        let (scheme, authority) = public_origin.split_once("://").unwrap_or(("https", public_origin));
        let authority = authority.split('/').next().unwrap_or_default();
        let port = authority.strip_prefix(strip_port(authority)).unwrap_or_default();
        format!("{scheme}://{host}{port}")
    }

    /// The address of `rest` in the reseller's portal, for a link in an email to a client: on the
    /// first host name the reseller mapped, so the client never sees the provider's address, or on
    /// `public_origin` while none is mapped.
    pub async fn portal_link(
        db: &impl ConnectionTrait,
        reseller: &reseller::Model,
        public_origin: &str,
        rest: &str,
    ) -> Result<String, DbErr> {
        let first_host = reseller_host::Entity::find()
            .select_only()
            .column(reseller_host::Column::Host)
            .filter(reseller_host::Column::ResellerId.eq(reseller.id))
            .order_by_asc(reseller_host::Column::Id)
            .into_tuple::<String>()
            .one(db)
            .await?;
        let origin = first_host.map_or_else(|| public_origin.to_owned(), |host| origin_on_host(public_origin, &host));
        Ok(format!("{origin}{}", super::portal_path(&reseller.slug, rest)))
    }

    /// `host[:port]` without the port; an IPv6 literal keeps its brackets.
    pub fn strip_port(authority: &str) -> &str {
        if authority.starts_with('[') {
            return authority.split_inclusive(']').next().unwrap_or(authority);
        }
        authority.split(':').next().unwrap_or(authority)
    }
}

#[cfg(feature = "ssr")]
pub use server::{origin_on_host, portal_link, provider_host, strip_port};
