//! Printable documents: a generic [`Document`] model (title, issuer, reference fields, blocks of
//! paragraphs, tables, lists, notices and signature lines) and its rendering to PDF/A4 with
//! [`render_pdf`]. The module knows nothing about orders or cases; a mapping elsewhere fills the
//! model, and the UI shows the same model as an HTML print preview.
//!
//! - [`model`] — the plain-data model (serde, ts-rs).
//! - `fonts` — DejaVu Sans (regular, bold) embedded in the binary; cleaning and shaping text.
//! - `layout` — wrapping, pagination, repeated table headers, footers: pages of drawing ops.
//! - `pdf` — the ops written as PDF by krilla, fonts subset, metadata set.
//! - `text` (tests only) — the model as plain text, for snapshot tests of what documents say.
//!
//! **Invariant:** rendering never panics and never reads a file or a system font: any text,
//! however long or odd (control characters, emoji the font lacks, huge tables), gives a PDF or
//! a [`DocumentError`]. Characters the font cannot draw print as U+FFFD.
//!
//! **Invariant:** the same document and [`PdfMeta`] give the same bytes (no clock, no randomness
//! inside), so a generated document can be fingerprinted.

mod fonts;
mod layout;
pub mod model;
mod pdf;
#[cfg(test)]
pub(crate) mod text;

use chrono::{DateTime, Utc};

use crate::domain::Language;

pub use model::{Block, Document, Field, SignatureLine, Translation};

/// What the PDF says about itself (document information and XMP metadata).
#[derive(Debug, Clone, PartialEq)]
pub struct PdfMeta {
    pub title: String,
    /// The issuing officer or unit.
    pub author: String,
    /// Recorded as the creation date; passing it in (rather than reading the clock) keeps the
    /// output reproducible.
    pub created: DateTime<Utc>,
    /// The document's language, for screen readers and hyphenation in viewers.
    pub language: Language,
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the embedded font {name} could not be read — the build is damaged; reinstall the app")]
    Font { name: &'static str },
    #[error("the document could not be laid out on A4 — report this as a bug")]
    Layout,
    #[error("the PDF could not be written ({0}) — report this as a bug")]
    Pdf(String),
}

/// Render `doc` as an A4 PDF: 20 mm margins, DejaVu Sans embedded as subsets, the page label in
/// every footer, `meta` as the document's metadata; its translations follow, each from a new page.
pub fn render_pdf(doc: &Document, meta: &PdfMeta) -> Result<Vec<u8>, DocumentError> {
    let fonts = fonts::Fonts::load()?;
    let mut pages = layout::layout(doc, &fonts);
    // Each translation starts on a new page and numbers its own pages.
    for t in &doc.translations {
        pages.extend(layout::layout(&t.document, &fonts));
    }
    pdf::write(&pages, &fonts, meta)
}

/// The BCP 47 tag of a language, as PDF metadata expects it.
fn language_tag(language: Language) -> &'static str {
    match language {
        Language::SrLatn => "sr-Latn",
        Language::SrCyrl => "sr-Cyrl",
        Language::Hu => "hu",
        Language::En => "en",
    }
}

#[cfg(test)]
mod tests;
