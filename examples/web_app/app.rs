//! The REST service of the web_app example: handlers hold an `Arc<dyn Repository<User>>`, so
//! tests (tests/example_web_app.rs) drive the very same router over HTTP. Users are listed by
//! key in pages (`GET /users`) and found by name or email through a search index
//! (`GET /users/search?q=ann`).

use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use ots::search::SearchSort;
use ots::{KeyRange, OtsTable, PageToken, Query, Repository, Search, SearchToken, Searchable};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A user of the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, OtsTable)]
#[ots(table = "web_users", search_index = "web_users_search")]
pub struct User {
    #[ots(pk)]
    pub id: String,
    #[ots(search(text))]
    pub name: String,
    #[ots(search)]
    pub email: String,
    #[ots(search)]
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

/// Listing parameters: a page of at most `limit` users, resuming at `page_token` (the `next` of
/// the previous page).
#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub page_token: Option<PageToken>,
    pub limit: Option<u32>,
}

/// A page of users and the token of the next page, if any.
#[derive(Debug, Serialize)]
pub struct UserPage {
    pub items: Vec<User>,
    pub next: Option<PageToken>,
}

/// Search parameters: words of the name or the start of the email, a page of at most `limit`
/// users, resuming at `page` (the `next` of the previous answer).
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub page: Option<SearchToken>,
    pub limit: Option<u32>,
}

/// A page of search results: the best matches first, how many match in all, and the token of
/// the next page, if any.
#[derive(Debug, Serialize)]
pub struct SearchAnswer {
    pub items: Vec<User>,
    pub total: u64,
    pub next: Option<SearchToken>,
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
        // A stale version and a failed condition (a duplicate id) are conflicts; a write that
        // needs a row that is not there is a 404.
        let status = if e.is_row_missing() {
            StatusCode::NOT_FOUND
        } else if e.is_stale() || e.is_condition_failed() {
            StatusCode::CONFLICT
        } else if e.is_invalid_parameter() || e.kind() == ots::ErrorKind::Construction {
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
    // Emails are kept in lower case, so a search by their start ignores case.
    user.email = user.email.to_lowercase();
    repo.insert(&mut user).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

async fn read(State(repo): State<Repo>, Path(id): Path<String>) -> Result<Json<User>, ApiError> {
    repo.get(UserKey { id: id.clone() })
        .await?
        .map(Json)
        .ok_or_else(|| not_found(&id))
}

/// Replaces a user, in one round trip: the body is the user as read (its `version` and
/// `created_at` included) with the changes made; the stored `created_at` is the body's, so send
/// back what GET returned. A stale version is 409, an unknown id 404.
async fn update(
    State(repo): State<Repo>,
    Path(id): Path<String>,
    Json(mut user): Json<User>,
) -> Result<Json<User>, ApiError> {
    if user.id != id {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!("the body's id {:?} is not the path's {id:?}", user.id),
        ));
    }
    user.email = user.email.to_lowercase();
    repo.put(&mut user).await?;
    Ok(Json(user))
}

async fn remove(State(repo): State<Repo>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    repo.delete(UserKey { id }).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list(
    State(repo): State<Repo>,
    UrlQuery(params): UrlQuery<ListParams>,
) -> Result<Json<UserPage>, ApiError> {
    let limit = params.limit.unwrap_or(50).clamp(1, 1000);
    let page = repo
        .page(KeyRange::all(), Query::new(), limit, params.page_token)
        .await?;
    Ok(Json(UserPage {
        items: page.items,
        next: page.next,
    }))
}

async fn search(
    State(repo): State<Repo>,
    UrlQuery(params): UrlQuery<SearchParams>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let q = params.q.trim();
    if q.is_empty() {
        return Err(ApiError(StatusCode::BAD_REQUEST, "q must not be empty".into()));
    }
    let f = User::search_fields();
    let search = Search::new(f.name.matches(q) | f.email.prefix(q.to_lowercase()))
        .sort(SearchSort::score())
        .sort(SearchSort::primary_key());
    let limit = params.limit.unwrap_or(20).clamp(1, 100);
    let page = repo.search_page(search, limit, params.page).await?;
    Ok(Json(SearchAnswer {
        items: page.items,
        total: page.total,
        next: page.next,
    }))
}

/// The service's routes.
pub fn router(repo: Repo) -> Router {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/search", get(search))
        .route("/users/{id}", get(read).put(update).delete(remove))
        .with_state(repo)
}

/// Creates the table and its search index if needed.
///
/// # Errors
/// Service and transport errors.
pub async fn prepare(client: &ots::Client) -> ots::Result<()> {
    let users = ots::Repo::<User>::new(client.clone());
    users.sync_schema().await?;
    users.sync_search_indexes().await?;
    Ok(())
}
