//! The REST service of the web_app example: handlers hold an `Arc<dyn Repository<User>>`, so
//! tests (tests/example_web_app.rs) drive the very same router over HTTP.

use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::TryStreamExt;
use ots::{KeyRange, OtsTable, Repository};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A user of the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, OtsTable)]
#[ots(table = "web_users")]
pub struct User {
    #[ots(pk)]
    pub id: String,
    pub name: String,
    pub email: String,
    pub age: u32,
    #[ots(version)]
    #[serde(default)]
    pub version: i64,
    #[ots(created_at)]
    #[serde(default)]
    pub created_at: i64,
    #[ots(updated_at)]
    #[serde(default)]
    pub updated_at: i64,
}

/// The body of an update: the fields to change and the version they were read at.
#[derive(Debug, Deserialize)]
pub struct UserUpdate {
    pub name: Option<String>,
    pub email: Option<String>,
    pub age: Option<u32>,
    pub version: i64,
}

/// Listing parameters: start after `after` (exclusive), at most `limit` users.
#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub after: Option<String>,
    pub limit: Option<u32>,
}

type Repo = Arc<dyn Repository<User>>;

/// An error answer: status plus a JSON message.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<ots::Error> for ApiError {
    fn from(e: ots::Error) -> Self {
        // Stale versions and failed conditions (a duplicate id) are both conflicts.
        let status = if e.is_stale() || e.is_condition_failed() {
            StatusCode::CONFLICT
        } else if e.is_invalid_parameter() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        ApiError(status, e.to_string())
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError(StatusCode::NOT_FOUND, format!("no user {id:?}"))
}

async fn create(
    State(repo): State<Repo>,
    Json(mut user): Json<User>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    repo.insert(&mut user).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

async fn read(State(repo): State<Repo>, Path(id): Path<String>) -> Result<Json<User>, ApiError> {
    repo.get(UserKey { id: id.clone() })
        .await?
        .map(Json)
        .ok_or_else(|| not_found(&id))
}

async fn update(
    State(repo): State<Repo>,
    Path(id): Path<String>,
    Json(body): Json<UserUpdate>,
) -> Result<Json<User>, ApiError> {
    let key = UserKey { id: id.clone() };
    let mut patch = UserPatch::new();
    if let Some(name) = body.name {
        patch = patch.set_name(name);
    }
    if let Some(email) = body.email {
        patch = patch.set_email(email);
    }
    if let Some(age) = body.age {
        patch = patch.set_age(age);
    }
    match repo.update_versioned(key.clone(), body.version, patch).await {
        Ok(_) => {}
        // A stale version and a missing row look the same to the condition: tell them apart.
        Err(e) if e.is_stale() && repo.get(key.clone()).await?.is_none() => return Err(not_found(&id)),
        Err(e) => return Err(e.into()),
    }
    repo.get(key).await?.map(Json).ok_or_else(|| not_found(&id))
}

async fn remove(State(repo): State<Repo>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    repo.delete(UserKey { id }).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list(
    State(repo): State<Repo>,
    UrlQuery(params): UrlQuery<ListParams>,
) -> Result<Json<Vec<User>>, ApiError> {
    let limit = params.limit.unwrap_or(50).clamp(1, 1000);
    let range = match params.after {
        Some(after) => KeyRange::<User>::after_key(&UserKey { id: after })?,
        None => KeyRange::all(),
    };
    let users: Vec<User> = repo.range(range.limit(limit)).try_collect().await?;
    Ok(Json(users))
}

/// The service's routes.
pub fn router(repo: Repo) -> Router {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(read).put(update).delete(remove))
        .with_state(repo)
}

/// Creates the table if needed.
///
/// # Errors
/// Service and transport errors.
pub async fn prepare(client: &ots::Client) -> ots::Result<()> {
    ots::Repo::<User>::new(client.clone())
        .sync_schema()
        .await
        .map(|_| ())
}
