use super::list::CompanyExportParams;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::{TryStreamExt, stream};
use samverka_domain::page::PageRequest;
use samverka_persistence::companies::{self, CompanyFilter, CompanyKey, CompanySort};
use samverka_persistence::entities::company::Model;
use std::borrow::Cow;

/// Rows read per query while streaming.
const BATCH: u64 = 1000;
const CSV_COLUMNS: [&str; 13] = [
    "id",
    "orgNumber",
    "name",
    "municipality",
    "sniCode",
    "employees",
    "sizeClass",
    "website",
    "address",
    "description",
    "listed",
    "createdAt",
    "updatedAt",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

fn format_of(req: &HttpRequest) -> Result<Format, ApiError> {
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("*/*");
    for range in accept.split(',').map(|r| r.split(';').next().unwrap_or("").trim().to_ascii_lowercase()) {
        match range.as_str() {
            "text/csv" | "text/*" | "*/*" => return Ok(Format::Csv),
            "application/x-ndjson" | "application/ndjson" => return Ok(Format::Ndjson),
            _ => {}
        }
    }
    Err(ApiError::NotAcceptable { offered: "text/csv, application/x-ndjson" })
}

/// The whole directory the caller sees (with the list's filters; `sort`,
/// `limit` and `cursor` do not apply), streamed in name order as CSV
/// (`Accept: text/csv`, the default: UTF-8 with a byte-order mark, `;`
/// between fields and a header row, as Excel in Sweden opens it) or NDJSON
/// (`Accept: application/x-ndjson`: one company per line, as in `/companies`).
#[utoipa::path(
    tag = "companies",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(CompanyExportParams),
    responses(
        (status = 200, description = "The directory", content(
            (String = "text/csv"),
            (super::CompanyResponse = "application/x-ndjson"),
        )),
        (status = 406, description = "Neither CSV nor NDJSON is acceptable", body = crate::error::Problem),
    )
)]
#[get("/companies/export")]
pub async fn export_companies(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<CompanyExportParams>,
) -> Result<HttpResponse, ApiError> {
    let format = format_of(&req)?;
    let filter = params.filter(&principal)?;
    // The first batch is read before the 200 goes out, so that an
    // unavailable database is still a 503.
    let first = next_batch(&state, &filter, None).await?;
    let start = Chunk { batch: Some(first), state: state.clone(), filter, format, header: format == Format::Csv };
    let body = stream::try_unfold(start, |mut chunk| async move {
        let Some((rows, more)) = chunk.batch.take() else { return Ok(None) };
        let out = match chunk.format {
            Format::Csv => csv_chunk(&rows, std::mem::take(&mut chunk.header))?,
            Format::Ndjson => {
                let mut out = Vec::with_capacity(rows.len() * 400);
                for row in &rows {
                    serde_json::to_writer(&mut out, &super::CompanyResponse::from(row.clone()))
                        .map_err(ApiError::internal)?;
                    out.push(b'\n');
                }
                out
            }
        };
        if more {
            let last = rows.last().map(|m| CompanyKey::Name(m.name_folded.clone(), m.id));
            chunk.batch = Some(next_batch(&chunk.state, &chunk.filter, last).await?);
        }
        Ok::<_, ApiError>(Some((web::Bytes::from(out), chunk)))
    });
    let (content_type, file) = match format {
        Format::Csv => ("text/csv; charset=utf-8; header=present", "companies.csv"),
        Format::Ndjson => ("application/x-ndjson", "companies.ndjson"),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")))
        .insert_header((header::VARY, "Accept"))
        .streaming(body.map_err(|error| {
            // Headers are gone: the client sees a cut-off body; the log says why.
            tracing::warn!(%error, "the company export stopped");
            std::io::Error::other(error.to_string())
        })))
}

/// The state of the stream between chunks.
struct Chunk {
    batch: Option<(Vec<Model>, bool)>,
    state: web::Data<AppState>,
    filter: CompanyFilter,
    format: Format,
    header: bool,
}

/// The next rows after `after`, and whether there are more.
async fn next_batch(
    state: &web::Data<AppState>,
    filter: &CompanyFilter,
    after: Option<CompanyKey>,
) -> Result<(Vec<Model>, bool), ApiError> {
    let page = PageRequest { limit: BATCH, after };
    let page = companies::list(&state.db, filter, CompanySort::Name { descending: false }, &page).await?;
    Ok((page.items, page.next_cursor.is_some()))
}

/// Free text as a spreadsheet cell: text that a spreadsheet would take for a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading `'`
/// (OWASP's advice against CSV injection); the NDJSON export is unchanged.
fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Rows as CSV (after the byte-order mark and the header row, when `header`),
/// through one writer per chunk.
fn csv_chunk(rows: &[Model], header: bool) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::with_capacity(rows.len() * 200 + 256);
    if header {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = csv::WriterBuilder::new().delimiter(b';').has_headers(false).from_writer(out);
    if header {
        writer.write_record(CSV_COLUMNS).map_err(ApiError::internal)?;
    }
    for m in rows {
        let id = m.id.to_string();
        let employees = m.employees.to_string();
        let created = m.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let updated = m.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let name = spreadsheet_safe(&m.name);
        let address = spreadsheet_safe(m.address.as_deref().unwrap_or_default());
        let description = spreadsheet_safe(m.description.as_deref().unwrap_or_default());
        let fields: [&str; 13] = [
            &id,
            &m.org_number,
            &name,
            &m.municipality,
            &m.sni_code,
            &employees,
            &m.size_class,
            m.website.as_deref().unwrap_or_default(),
            &address,
            &description,
            if m.listed { "true" } else { "false" },
            &created,
            &updated,
        ];
        writer.write_record(fields).map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(|e| ApiError::internal(e.into_error()))
}
