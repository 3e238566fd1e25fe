//! The logo over plain HTTP: the upload form's post (multipart, so it works without
//! JavaScript) and the image each portal page shows. The server crate routes both here.

use super::SETTINGS_PATH;
use crate::state::{AppState, RequestContext};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

/// `POST` [`super::LOGO_UPLOAD_PATH`]: stores the `logo` file of the signed-in reseller and returns to
/// the settings page, saying there what went wrong if anything did.
pub async fn upload(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let me = match crate::reseller::ResellerRequest::of(RequestContext { state, parts: parts.clone() }).await {
        Ok(me) => me,
        Err(crate::error::AppError::Unauthorized) => {
            return Redirect::to(&crate::auth::Area::Reseller.login_path(None)).into_response();
        }
        Err(error) => {
            return StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response();
        }
    };
    let bytes = match read_logo_field(Request::from_parts(parts, body)).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    match super::service::set_logo(me.db(), &me.actor(), bytes).await {
        Ok(()) => Redirect::to(&format!("{SETTINGS_PATH}?logo=saved")).into_response(),
        Err(crate::error::AppError::Validation(errors)) => {
            let code = errors.first().map_or("type", |e| super::input::logo_error_code(e.problem));
            Redirect::to(&format!("{SETTINGS_PATH}?logo_error={code}")).into_response()
        }
        Err(error) => {
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
        }
    }
}

/// The bytes of the form's `logo` field (empty when no file was chosen). Reading stops just
/// past the size limit, so an oversized file is refused without holding all of it.
async fn read_logo_field(req: Request) -> Result<Vec<u8>, Response> {
    let bad_form = || Redirect::to(&format!("{SETTINGS_PATH}?logo_error=type")).into_response();
    let mut multipart = Multipart::from_request(req, &()).await.map_err(|_| bad_form())?;
    while let Some(mut field) = multipart.next_field().await.map_err(|_| bad_form())? {
        if field.name() != Some("logo") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| bad_form())? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > super::input::LOGO_MAX_BYTES {
                break;
            }
        }
        return Ok(bytes);
    }
    Ok(Vec::new())
}

/// `GET /portal/{brand}/logo`: the brand's logo with its stored type. The page asks for it
/// with `?v=` (the upload time), so it may be cached for long.
pub async fn serve(State(state): State<AppState>, Path(brand): Path<String>) -> Response {
    match super::service::logo_of(&state.db, &brand).await {
        Ok(Some((content_type, bytes))) => {
            let mut response = Response::new(Body::from(bytes));
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&content_type) {
                headers.insert(header::CONTENT_TYPE, value);
            }
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "reading a portal logo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
