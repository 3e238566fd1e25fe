//! What an order for a client may contain and what it costs: the catalog offered to the client
//! (the reseller's prices in the client's currency), the wizard's selection as the URL carries
//! it, the checks of each step, and the quote. The browser runs these to guide the reseller;
//! the server runs them again on fresh prices before it places the order.

use crate::catalog::ProductKind;
use crate::clients::records::Named;
use crate::error::{FieldError, FieldProblem};
use crate::i18n::{Locale, fill, localize_digits};
use crate::orders::manage::RegistrationKind;
use crate::values::{BillingCycle, DomainName, DomainOperation};
use serde::{Deserialize, Serialize};

/// A price the reseller charges for one term of one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermPrice {
    pub catalog_price_id: i64,
    /// A billing cycle code, or `register` / `transfer` / `renew` (per year) for domains.
    pub term: String,
    pub price: i64,
    pub setup_fee: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductOffer {
    pub id: i64,
    /// `hosting`, `vps`, `license`, `domain` or `other`.
    pub kind: ProductKind,
    pub group: Named,
    pub name: Named,
    pub description: Named,
    /// In billing-cycle order.
    pub prices: Vec<TermPrice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonOffer {
    pub id: i64,
    pub name: Named,
    pub description: Named,
    pub prices: Vec<TermPrice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainOffer {
    pub id: i64,
    pub tld: String,
    pub prices: Vec<TermPrice>,
}

/// Everything the reseller sells in one currency, on sale now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferCatalog {
    pub currency: String,
    pub products: Vec<ProductOffer>,
    pub addons: Vec<AddonOffer>,
    pub domains: Vec<DomainOffer>,
}

fn price_for<'a>(prices: &'a [TermPrice], term: &str) -> Option<&'a TermPrice> {
    prices.iter().find(|p| p.term == term)
}

impl OfferCatalog {
    pub fn product(&self, id: i64) -> Option<&ProductOffer> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The addons offered with a service billed `cycle`: those priced for the same cycle.
    pub fn addons_for(&self, cycle: BillingCycle) -> Vec<(&AddonOffer, &TermPrice)> {
        self.addons.iter().filter_map(|a| price_for(&a.prices, cycle.code()).map(|p| (a, p))).collect()
    }

    /// The extensions offering `operation`, with its yearly price.
    pub fn domains_for(&self, operation: DomainOperation) -> Vec<(&DomainOffer, &TermPrice)> {
        self.domains.iter().filter_map(|d| price_for(&d.prices, operation.code()).map(|p| (d, p))).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty() && self.domains.is_empty()
    }
}

crate::codes! {
    /// The wizard's steps, in order. Domain orders and products without addons for the chosen
    /// cycle skip `Addons`.
    #[derive(PartialOrd, Ord)]
    pub enum Step {
        Item = "product",
        Configure = "configure",
        Addons = "addons",
        Review = "review",
    }
}

/// The wizard's state as the URL carries it: what was typed and picked, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSelection {
    /// `product-{id}`, `domain-register` or `domain-transfer`.
    pub item: String,
    /// A billing cycle code (products).
    pub cycle: String,
    /// The domain or host name a service is for (products).
    pub hostname: String,
    /// The domain to register or transfer (domain orders).
    pub domain: String,
    /// Years of registration or transfer (domain orders), 1 to 10.
    pub years: String,
    /// Addon ids (products).
    pub addons: Vec<i64>,
}

impl OrderSelection {
    /// The selection as one line, the same for the same order however it was typed (the
    /// idempotency key's record of what it ordered).
    pub fn canonical(&self) -> String {
        let mut addons = self.addons.clone();
        addons.sort_unstable();
        addons.dedup();
        let addons: Vec<String> = addons.iter().map(i64::to_string).collect();
        let domain = |text: &str| text.trim().trim_end_matches('.').to_lowercase();
        format!(
            "item={}&cycle={}&hostname={}&domain={}&years={}&addons={}",
            self.item.trim(),
            self.cycle.trim(),
            domain(&self.hostname),
            domain(&self.domain),
            crate::values::ascii_digits(self.years.trim()),
            addons.join(",")
        )
    }

    /// The query-string pairs that carry this selection, empty values left out.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        for (key, value) in [
            ("item", &self.item),
            ("cycle", &self.cycle),
            ("hostname", &self.hostname),
            ("domain", &self.domain),
            ("years", &self.years),
        ] {
            if !value.is_empty() {
                pairs.push((key, value.clone()));
            }
        }
        pairs.extend(self.addons.iter().map(|id| ("addon", id.to_string())));
        pairs
    }
}

/// What was chosen at the first step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemChoice<'a> {
    Product(&'a ProductOffer),
    Domain(RegistrationKind),
}

/// A selection the catalog can fill, every choice checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderPlan {
    Product {
        product: ProductOffer,
        cycle: BillingCycle,
        price: TermPrice,
        hostname: Option<DomainName>,
        addons: Vec<(AddonOffer, TermPrice)>,
    },
    Domain {
        extension: DomainOffer,
        kind: RegistrationKind,
        name: DomainName,
        years: u8,
        /// The yearly price.
        price: TermPrice,
    },
}

/// Field errors of the first step that has a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepErrors {
    pub step: Step,
    pub errors: Vec<FieldError>,
}

fn field(field: &str, problem: FieldProblem) -> FieldError {
    FieldError { field: field.to_owned(), problem }
}

/// How the wizard names the item chosen: `product-{id}`, or `domain-{operation}`.
pub const PRODUCT_ITEM: &str = "product-";
pub const DOMAIN_ITEM: &str = "domain-";

impl<'a> ItemChoice<'a> {
    pub fn parse(catalog: &'a OfferCatalog, item: &str) -> Result<Self, FieldProblem> {
        if item.is_empty() {
            return Err(FieldProblem::Required);
        }
        if let Some(id) = item.strip_prefix(PRODUCT_ITEM).and_then(|id| id.parse::<i64>().ok()) {
            return catalog.product(id).map(ItemChoice::Product).ok_or(FieldProblem::InvalidChoice);
        }
        match item.strip_prefix(DOMAIN_ITEM).and_then(DomainOperation::parse).and_then(RegistrationKind::of) {
            Some(kind) if !catalog.domains_for(kind.operation()).is_empty() => Ok(ItemChoice::Domain(kind)),
            _ => Err(FieldProblem::InvalidChoice),
        }
    }
}

/// Hosting needs the domain its site answers on; other products may name a host.
pub fn hostname_required(kind: ProductKind) -> bool {
    kind == ProductKind::Hosting
}

/// Checks the selection through `last` (inclusive) and, when everything through Review holds,
/// returns the plan. A step that does not apply (addons for a domain order) always holds.
pub fn check_through(
    catalog: &OfferCatalog,
    selection: &OrderSelection,
    last: Step,
) -> Result<Option<OrderPlan>, StepErrors> {
    let fail = |step, errors| Err(StepErrors { step, errors });
    let choice = match ItemChoice::parse(catalog, &selection.item) {
        Ok(choice) => choice,
        Err(problem) => return fail(Step::Item, vec![field("item", problem)]),
    };
    if last == Step::Item {
        return Ok(None);
    }
    let plan = match choice {
        ItemChoice::Product(product) => {
            let mut errors = Vec::new();
            let price = match BillingCycle::parse(&selection.cycle) {
                Some(cycle) => price_for(&product.prices, cycle.code()).map(|p| (cycle, p)),
                None => None,
            };
            if price.is_none() {
                let problem =
                    if selection.cycle.is_empty() { FieldProblem::Required } else { FieldProblem::InvalidChoice };
                errors.push(field("cycle", problem));
            }
            let hostname = match (selection.hostname.trim(), hostname_required(product.kind)) {
                ("", false) => None,
                (typed, _) => match DomainName::parse(typed) {
                    Ok(name) => Some(name),
                    Err(problem) => {
                        errors.push(field("hostname", problem));
                        None
                    }
                },
            };
            let Some((cycle, price)) = price.filter(|_| errors.is_empty()) else {
                return fail(Step::Configure, errors);
            };
            let offered = catalog.addons_for(cycle);
            let mut addons = Vec::new();
            for id in &selection.addons {
                match offered.iter().find(|(addon, _)| addon.id == *id) {
                    Some((addon, price)) if !addons.iter().any(|(a, _): &(AddonOffer, TermPrice)| a.id == *id) => {
                        addons.push(((*addon).clone(), (*price).clone()))
                    }
                    Some(_) => {}
                    None if last >= Step::Addons => {
                        return fail(Step::Addons, vec![field("addon", FieldProblem::InvalidChoice)]);
                    }
                    None => {}
                }
            }
            OrderPlan::Product { product: product.clone(), cycle, price: price.clone(), hostname, addons }
        }
        ItemChoice::Domain(kind) => {
            let mut errors = Vec::new();
            let name =
                DomainName::parse(&selection.domain).map_err(|problem| errors.push(field("domain", problem))).ok();
            let extension = name.as_ref().and_then(|name| {
                // The longest matching extension: `example.co.ir` is sold as `.co.ir` when offered.
                let mut offered = catalog.domains_for(kind.operation());
                offered.sort_by_key(|(d, _)| std::cmp::Reverse(d.tld.len()));
                offered.into_iter().find(|(d, _)| name.is_registrable_under(&d.tld))
            });
            if name.is_some() && extension.is_none() {
                errors.push(field("domain", FieldProblem::InvalidChoice));
            }
            let years = crate::values::ascii_digits(selection.years.trim())
                .parse::<u8>()
                .ok()
                .filter(|y| crate::values::billing::DOMAIN_YEARS.contains(y));
            if years.is_none() {
                errors.push(field(
                    "years",
                    if selection.years.is_empty() { FieldProblem::Required } else { FieldProblem::OutOfRange },
                ));
            }
            match (name, extension, years) {
                (Some(name), Some((extension, price)), Some(years)) if errors.is_empty() => {
                    OrderPlan::Domain { extension: extension.clone(), kind, name, years, price: price.clone() }
                }
                _ => return fail(Step::Configure, errors),
            }
        }
    };
    Ok((last == Step::Review).then_some(plan))
}

/// The step after `step` for this selection, skipping Addons when none are offered.
pub fn next_step(catalog: &OfferCatalog, selection: &OrderSelection, step: Step) -> Step {
    match step {
        Step::Item => Step::Configure,
        Step::Configure => {
            let cycle = BillingCycle::parse(&selection.cycle);
            let has_addons = matches!(ItemChoice::parse(catalog, &selection.item), Ok(ItemChoice::Product(_)))
                && cycle.is_some_and(|cycle| !catalog.addons_for(cycle).is_empty());
            if has_addons { Step::Addons } else { Step::Review }
        }
        Step::Addons | Step::Review => Step::Review,
    }
}

/// The step before `step` for this selection (the inverse of [`next_step`]).
pub fn previous_step(catalog: &OfferCatalog, selection: &OrderSelection, step: Step) -> Option<Step> {
    match step {
        Step::Item => None,
        Step::Configure => Some(Step::Item),
        Step::Addons => Some(Step::Configure),
        Step::Review => Some(match next_step(catalog, selection, Step::Configure) {
            Step::Addons => Step::Addons,
            _ => Step::Configure,
        }),
    }
}

/// One line of an order and its first invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineItem {
    Product { name: Named, cycle: BillingCycle, hostname: Option<String> },
    SetupFee { name: Named },
    Addon { name: Named, cycle: BillingCycle },
    Domain { operation: DomainOperation, name: String, years: u8 },
}

impl LineItem {
    /// The line as the invoice shows it, in `locale`.
    pub fn describe(&self, locale: Locale) -> String {
        let t = locale.strings();
        match self {
            LineItem::Product { name, cycle, hostname } => {
                let base = format!("{} ({})", name.pick(locale), cycle.label(t));
                match hostname {
                    Some(host) => format!("{base} – {host}"),
                    None => base,
                }
            }
            LineItem::SetupFee { name } => fill(t.order_line_setup_fee, &[("name", name.pick(locale))]),
            LineItem::Addon { name, cycle } => format!("{} ({})", name.pick(locale), cycle.label(t)),
            LineItem::Domain { operation, name, years } => fill(
                t.order_line_domain.of(i64::from(*years)),
                &[
                    ("operation", operation.label(t)),
                    ("name", name),
                    ("years", &localize_digits(&years.to_string(), locale)),
                ],
            ),
        }
    }

    /// The billing cycle stored on the order item, if the line recurs.
    pub fn cycle(&self) -> Option<BillingCycle> {
        match self {
            LineItem::Product { cycle, .. } | LineItem::Addon { cycle, .. } => Some(*cycle),
            LineItem::SetupFee { .. } | LineItem::Domain { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub item: LineItem,
    pub amount: i64,
}

/// What the order costs now: its lines and their total, in the catalog's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub currency: String,
    pub lines: Vec<QuoteLine>,
    pub total: i64,
}

impl OrderPlan {
    /// The first invoice: the first period of every recurring line, setup fees, and the
    /// domain's price for all its years.
    pub fn quote(&self, currency: &str) -> Quote {
        let mut lines = Vec::new();
        match self {
            OrderPlan::Product { product, cycle, price, hostname, addons } => {
                lines.push(QuoteLine {
                    item: LineItem::Product {
                        name: product.name.clone(),
                        cycle: *cycle,
                        hostname: hostname.as_ref().map(|h| h.as_str().to_owned()),
                    },
                    amount: price.price,
                });
                if price.setup_fee > 0 {
                    lines.push(QuoteLine {
                        item: LineItem::SetupFee { name: product.name.clone() },
                        amount: price.setup_fee,
                    });
                }
                for (addon, price) in addons {
                    lines.push(QuoteLine {
                        item: LineItem::Addon { name: addon.name.clone(), cycle: *cycle },
                        amount: price.price,
                    });
                    if price.setup_fee > 0 {
                        lines.push(QuoteLine {
                            item: LineItem::SetupFee { name: addon.name.clone() },
                            amount: price.setup_fee,
                        });
                    }
                }
            }
            OrderPlan::Domain { kind, name, years, price, .. } => {
                lines.push(QuoteLine {
                    item: LineItem::Domain {
                        operation: kind.operation(),
                        name: name.as_str().to_owned(),
                        years: *years,
                    },
                    amount: price.price * i64::from(*years),
                });
                if price.setup_fee > 0 {
                    lines.push(QuoteLine {
                        item: LineItem::SetupFee {
                            name: Named { fa: name.as_str().to_owned(), en: name.as_str().to_owned() },
                        },
                        amount: price.setup_fee,
                    });
                }
            }
        }
        let total = lines.iter().map(|l| l.amount).sum();
        Quote { currency: currency.to_owned(), lines, total }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(en: &str) -> Named {
        Named { fa: format!("{en} (fa)"), en: en.to_owned() }
    }

    fn price(id: i64, term: &str, price: i64, setup_fee: i64) -> TermPrice {
        TermPrice { catalog_price_id: id, term: term.into(), price, setup_fee }
    }

    pub(crate) fn catalog() -> OfferCatalog {
        OfferCatalog {
            currency: "USD".into(),
            products: vec![
                ProductOffer {
                    id: 1,
                    kind: ProductKind::Hosting,
                    group: named("Hosting"),
                    name: named("Starter"),
                    description: named(""),
                    prices: vec![price(10, "monthly", 999, 0), price(11, "annually", 9_999, 0)],
                },
                ProductOffer {
                    id: 2,
                    kind: ProductKind::Vps,
                    group: named("Servers"),
                    name: named("VPS"),
                    description: named(""),
                    prices: vec![price(20, "quarterly", 7_199, 500)],
                },
            ],
            addons: vec![AddonOffer {
                id: 5,
                name: named("Backup"),
                description: named(""),
                prices: vec![price(50, "monthly", 300, 0), price(51, "annually", 3_000, 100)],
            }],
            domains: vec![
                DomainOffer {
                    id: 7,
                    tld: ".ir".into(),
                    prices: vec![price(70, "register", 500, 0), price(71, "transfer", 400, 0)],
                },
                DomainOffer { id: 8, tld: ".co.ir".into(), prices: vec![price(80, "register", 300, 0)] },
            ],
        }
    }

    fn select(item: &str) -> OrderSelection {
        OrderSelection { item: item.into(), ..Default::default() }
    }

    fn errors(result: Result<Option<OrderPlan>, StepErrors>) -> (Step, Vec<(String, FieldProblem)>) {
        let e = result.unwrap_err();
        (e.step, e.errors.into_iter().map(|e| (e.field, e.problem)).collect())
    }

    #[test]
    fn hosting_with_an_addon_totals_the_first_period() {
        let catalog = catalog();
        let selection = OrderSelection {
            cycle: "annually".into(),
            hostname: "Shop.example.IR".into(),
            addons: vec![5],
            ..select("product-1")
        };
        let plan = check_through(&catalog, &selection, Step::Review).unwrap().unwrap();
        let quote = plan.quote("USD");
        assert_eq!(quote.lines.iter().map(|l| l.amount).collect::<Vec<_>>(), vec![9_999, 3_000, 100]);
        assert_eq!(quote.total, 13_099);
        assert_eq!(quote.lines[0].item.describe(Locale::En), "Starter (Annually) – shop.example.ir");
        assert_eq!(quote.lines[2].item.describe(Locale::En), "Setup fee: Backup");
    }

    #[test]
    fn each_step_reports_its_own_fields() {
        let catalog = catalog();
        assert_eq!(
            errors(check_through(&catalog, &select(""), Step::Review)),
            (Step::Item, vec![("item".into(), FieldProblem::Required)])
        );
        assert_eq!(
            errors(check_through(&catalog, &select("product-99"), Step::Review)),
            (Step::Item, vec![("item".into(), FieldProblem::InvalidChoice)])
        );
        assert_eq!(
            errors(check_through(&catalog, &select("product-1"), Step::Review)),
            (
                Step::Configure,
                vec![("cycle".into(), FieldProblem::Required), ("hostname".into(), FieldProblem::Required)]
            )
        );
        let vps = OrderSelection { cycle: "monthly".into(), ..select("product-2") };
        assert_eq!(
            errors(check_through(&catalog, &vps, Step::Review)),
            (Step::Configure, vec![("cycle".into(), FieldProblem::InvalidChoice)])
        );
        // A VPS needs no host name, and the backup addon is not priced quarterly.
        let vps = OrderSelection { cycle: "quarterly".into(), addons: vec![5], ..select("product-2") };
        assert_eq!(
            errors(check_through(&catalog, &vps, Step::Review)),
            (Step::Addons, vec![("addon".into(), FieldProblem::InvalidChoice)])
        );
        assert_eq!(check_through(&catalog, &vps, Step::Configure), Ok(None));
        let vps = OrderSelection { addons: vec![], ..vps };
        assert_eq!(check_through(&catalog, &vps, Step::Review).unwrap().unwrap().quote("USD").total, 7_699);
    }

    #[test]
    fn domains_use_the_longest_extension_and_multiply_years() {
        let catalog = catalog();
        let order = |name: &str, years: &str| OrderSelection {
            domain: name.into(),
            years: years.into(),
            ..select("domain-register")
        };
        let plan = check_through(&catalog, &order("example.co.ir", "3"), Step::Review).unwrap().unwrap();
        assert!(matches!(&plan, OrderPlan::Domain { extension, .. } if extension.tld == ".co.ir"));
        assert_eq!(plan.quote("USD").total, 900);
        assert_eq!(plan.quote("USD").lines[0].item.describe(Locale::En), "Register example.co.ir for 3 years");
        assert_eq!(
            check_through(&catalog, &order("example.ir", "10"), Step::Review).unwrap().unwrap().quote("USD").total,
            5_000
        );
        assert_eq!(
            errors(check_through(&catalog, &order("example.com", "1"), Step::Review)),
            (Step::Configure, vec![("domain".into(), FieldProblem::InvalidChoice)])
        );
        assert_eq!(
            errors(check_through(&catalog, &order("example.ir", "11"), Step::Review)),
            (Step::Configure, vec![("years".into(), FieldProblem::OutOfRange)])
        );
        assert_eq!(errors(check_through(&catalog, &order("nope", "0"), Step::Review)).1.len(), 2);
        // `.co.ir` offers no transfer, and renewals are not ordered here.
        let transfer = OrderSelection { item: "domain-transfer".into(), ..order("example.co.ir", "1") };
        assert_eq!(
            errors(check_through(&catalog, &transfer, Step::Review)),
            (Step::Configure, vec![("domain".into(), FieldProblem::InvalidChoice)])
        );
        assert_eq!(errors(check_through(&catalog, &select("domain-renew"), Step::Item)).0, Step::Item);
    }

    #[test]
    fn steps_skip_addons_when_none_fit() {
        let catalog = catalog();
        let hosting = OrderSelection { cycle: "monthly".into(), ..select("product-1") };
        assert_eq!(next_step(&catalog, &hosting, Step::Configure), Step::Addons);
        assert_eq!(previous_step(&catalog, &hosting, Step::Review), Some(Step::Addons));
        let vps = OrderSelection { cycle: "quarterly".into(), ..select("product-2") };
        assert_eq!(next_step(&catalog, &vps, Step::Configure), Step::Review);
        assert_eq!(previous_step(&catalog, &vps, Step::Review), Some(Step::Configure));
        assert_eq!(next_step(&catalog, &select("domain-register"), Step::Configure), Step::Review);
    }
}
