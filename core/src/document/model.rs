//! The document model: plain data describing a printable official document (title, issuer lines,
//! reference fields, a sequence of blocks, a footer). It knows nothing about orders or cases — a
//! later mapping fills it — and nothing about pages: [`super::render_pdf`] lays it out on A4, and
//! the UI renders the same model as an HTML print preview (hence the ts-rs derives and the tagged
//! [`Block`] union). A document may carry [`Translation`]s: the same text in other languages,
//! printed after it.

use serde::{Deserialize, Serialize};

use crate::domain::Language;
use crate::domain::Signature;

/// A printable document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Document {
    /// Printed bold and centred above the first block.
    pub title: String,
    /// Issuer lines, top left of the first page: "Republika Srbija", "MUP", "PU za Grad Novi Sad".
    #[serde(default)]
    pub header: Vec<String>,
    /// Number, date… printed top right of the first page, as "label: value".
    #[serde(default)]
    pub reference: Vec<Field>,
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Printed at the bottom left of every page (e.g. when and by which device it was generated).
    #[serde(default)]
    pub footer: String,
    /// Printed at the bottom right of every page, with `{page}` and `{pages}` replaced by the page
    /// number and the page count: "Strana {page} od {pages}". Empty: no page numbers.
    #[serde(default)]
    pub page_label: String,
    /// The same document in other languages, each printed after it from a new page with its own
    /// page numbering (e.g. the perpetrator's copy in the language he reads).
    #[serde(default)]
    pub translations: Vec<Translation>,
}

/// A document's text in another language, printed after the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Translation {
    pub language: Language,
    pub document: Document,
}

/// A labelled value: "Broj: 03-123/25".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Field {
    pub label: String,
    pub value: String,
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// One piece of the document body, laid out top to bottom. Serialised as
/// `{ "kind": "paragraph", "content": "…" }` so TypeScript gets a discriminated union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Block {
    /// A bold section heading, never left alone at the bottom of a page.
    Heading(String),
    /// Running text; a newline starts a new line.
    Paragraph(String),
    /// Labelled values in two columns (label left, value right).
    Fields(Vec<Field>),
    /// A bordered table; the header row is repeated on every page the table spans. Rows shorter
    /// than the header are padded with empty cells.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A bulleted list.
    List(Vec<String>),
    /// Signature lines, two per row; a block is never split across pages.
    Signatures(Vec<SignatureLine>),
    /// An emphasised, boxed text, e.g. a warning or a legal caution.
    Notice(String),
}

/// A place to sign: a line with the role under it, the printed name, and the handwritten
/// signature drawn above the line when there is one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatureLine {
    /// The role, printed under the line: "Službeno lice".
    pub label: String,
    /// The signer's name, printed under the label; may be empty.
    #[serde(default)]
    pub name: String,
    /// A signature drawn on a pad (vector strokes in pad pixels), scaled into the box above the
    /// line.
    #[serde(default)]
    pub strokes: Option<Signature>,
    /// Why there is no signature, or any remark: "odbio da potpiše".
    #[serde(default)]
    pub note: String,
}
