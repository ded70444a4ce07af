//! What each official document says: the emergency-measure **order**, its **service receipt**,
//! and the **case summary for the prosecutor**, as [`crate::document::Document`]s (rendered to PDF
//! by [`crate::document::render_pdf`], and shown by the app as a print preview). Texts come from
//! the documents' Fluent catalogues ([`i18n`]); instants are shown in `Europe/Belgrade`.
//!
//! People's names, addresses and the officer's free text are printed as entered, in whatever
//! script they were written: transliterating a name would misspell it.

mod events;
pub mod i18n;
mod order;
mod proposal;
mod summary;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Belgrade;
use serde::{Deserialize, Serialize};

use crate::casefile::CaseFile;
use crate::document::{Block, Document, Field, SignatureLine, Translation};
use crate::domain::Language;
use crate::domain::assessment::Assessment;
use crate::domain::order::{AppealOutcome, CourtOutcome, Order, OrderEventKind, Party};
use crate::domain::{Badge, Person, PersonId, Role, Statement, WeaponLegality};
use crate::risk::{Answer, Instrument, RiskLevel};
use i18n::Catalogue;
pub use i18n::CatalogueError;
pub use proposal::{Proposal, proposal};

/// The kinds of document the app makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentKind {
    /// The order imposing the emergency measures.
    Order,
    /// The receipt for serving the order on the perpetrator.
    Receipt,
    /// The case summary for the public prosecutor.
    Summary,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Order => "order",
            DocumentKind::Receipt => "receipt",
            DocumentKind::Summary => "summary",
        }
    }

    /// Whether the document is about one order (and needs one).
    pub fn needs_order(self) -> bool {
        !matches!(self, DocumentKind::Summary)
    }
}

/// An officer as the documents name him: his name and, once said, his rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    pub name: String,
    /// Empty until the station or the roster says it.
    pub rank: String,
}

/// Everything a document may draw on.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub file: &'a CaseFile,
    /// The instrument versions the case's assessments were made with.
    pub instruments: &'a [Instrument],
    /// Officers' names by badge (the database's roster).
    pub officers: &'a BTreeMap<Badge, Signatory>,
    /// Short device id for the footer.
    pub device: &'a str,
    pub generated_at: DateTime<Utc>,
    pub language: Language,
}

/// Build a document. `order` is required for the order and the receipt.
pub fn build(
    ctx: &Context<'_>,
    kind: DocumentKind,
    order: Option<&Order>,
) -> Result<Document, CatalogueError> {
    let mut doc = build_one(ctx, kind, order)?;
    // The perpetrator's copies (the order and the receipt) are also printed in his language when
    // he does not read the one chosen: the same document follows on new pages.
    if let (DocumentKind::Order | DocumentKind::Receipt, Some(o)) = (kind, order)
        && let Some(his) = o
            .content
            .perpetrator
            .and_then(|id| ctx.file.people.iter().find(|p| p.id == id))
            .and_then(|p| document_language(&p.language))
        && his != ctx.language
    {
        let theirs = Context {
            language: his,
            ..*ctx
        };
        let mut copy = build_one(&theirs, kind, order)?;
        let note = Catalogue::load(his)?.t("copy-note");
        copy.blocks.insert(0, Block::Notice(note));
        doc.translations.push(Translation {
            language: his,
            document: copy,
        });
    }
    Ok(doc)
}

/// The document language a person's spoken language (ISO 639 code) is printed in, when it is one
/// the documents have besides Serbian: Hungarian.
pub fn document_language(code: &str) -> Option<Language> {
    match code.trim().to_ascii_lowercase().as_str() {
        "hu" | "hun" => Some(Language::Hu),
        _ => None,
    }
}

fn build_one(
    ctx: &Context<'_>,
    kind: DocumentKind,
    order: Option<&Order>,
) -> Result<Document, CatalogueError> {
    let c = Catalogue::load(ctx.language)?;
    let w = Writer { ctx, c: &c };
    Ok(match (kind, order) {
        (DocumentKind::Order, Some(o)) => w.order(o),
        (DocumentKind::Receipt, Some(o)) => w.receipt(o),
        _ => w.summary(),
    })
}

struct Writer<'a> {
    ctx: &'a Context<'a>,
    c: &'a Catalogue,
}

fn two(n: u32) -> String {
    format!("{n:02}")
}

impl Writer<'_> {
    fn t(&self, key: &str) -> String {
        self.c.t(key)
    }

    fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.c.ta(key, args)
    }

    fn when(&self, at: DateTime<Utc>) -> String {
        use chrono::{Datelike, Timelike};
        let l = at.with_timezone(&Belgrade);
        self.ta(
            "datetime",
            &[
                ("day", &two(l.day())),
                ("month", &two(l.month())),
                ("year", &l.year().to_string()),
                ("hour", &two(l.hour())),
                ("minute", &two(l.minute())),
            ],
        )
    }

    fn when_opt(&self, at: Option<DateTime<Utc>>) -> String {
        at.map(|a| self.when(a)).unwrap_or_else(|| self.t("none"))
    }

    fn date(&self, d: NaiveDate) -> String {
        use chrono::Datelike;
        self.ta(
            "date",
            &[
                ("day", &two(d.day())),
                ("month", &two(d.month())),
                ("year", &d.year().to_string()),
            ],
        )
    }

    fn yes_no(&self, b: Option<bool>) -> String {
        self.t(match b {
            Some(true) => "yes",
            Some(false) => "no",
            None => "unknown",
        })
    }

    fn level(&self, l: RiskLevel) -> String {
        self.t(&format!("level-{}", l.as_str()))
    }

    fn person(&self, id: Option<PersonId>) -> Option<&Person> {
        id.and_then(|id| self.ctx.file.people.iter().find(|p| p.id == id))
    }

    /// "Name, rank (badge)": the officer as the documents name him (the rank when known).
    fn officer(&self, badge: &Badge) -> String {
        match self.ctx.officers.get(badge) {
            Some(o) if o.rank.trim().is_empty() => format!("{} ({badge})", o.name),
            Some(o) => format!("{}, {} ({badge})", o.name, o.rank.trim()),
            None => badge.to_string(),
        }
    }

    fn header(&self, order: Option<&Order>) -> Vec<String> {
        let mut h = vec![self.t("issuer-country"), self.t("issuer-ministry")];
        if let Some(o) = order {
            if !o.content.police_administration.trim().is_empty() {
                h.push(self.ta(
                    "issuer-administration",
                    &[("name", o.content.police_administration.trim())],
                ));
            }
            if !o.content.police_station.trim().is_empty() {
                h.push(self.ta(
                    "issuer-station",
                    &[("name", o.content.police_station.trim())],
                ));
            }
        }
        h
    }

    fn frame(&self, title: String, order: Option<&Order>, blocks: Vec<Block>) -> Document {
        let mut reference = Vec::new();
        if let Some(o) = order {
            let number = match (o.official_number(), &o.issued) {
                (Some(n), _) => n.to_owned(),
                (None, Some(i)) => {
                    format!("{} {}", i.provisional_number, self.t("ref-provisional"))
                }
                (None, None) => self.t("summary-draft-order"),
            };
            reference.push(Field::new(self.t("ref-number"), number));
            if let Some(i) = &o.issued {
                reference.push(Field::new(self.t("ref-issued"), self.when(i.at)));
            }
        } else {
            reference.push(Field::new(self.t("ref-case"), self.ctx.file.id.to_string()));
        }
        Document {
            title,
            header: self.header(order),
            reference,
            blocks,
            footer: self.ta(
                "footer",
                &[
                    ("at", &self.when(self.ctx.generated_at)),
                    ("device", self.ctx.device),
                ],
            ),
            page_label: self.ta("page-label", &[("page", "{page}"), ("pages", "{pages}")]),
            translations: Vec::new(),
        }
    }

    fn person_fields(&self, p: &Person) -> Vec<Field> {
        let mut f = vec![Field::new(self.t("summary-col-name"), p.full_name())];
        if !p.jmbg.trim().is_empty() {
            f.push(Field::new(self.t("summary-col-jmbg"), p.jmbg.trim()));
        }
        if let Some(d) = p.date_of_birth {
            f.push(Field::new(self.t("summary-col-born"), self.date(d)));
        }
        if !p.address.trim().is_empty() {
            f.push(Field::new(self.t("summary-col-address"), p.address.trim()));
        }
        f
    }

    fn relationship(&self, p: &Person) -> String {
        p.relationship_to_victim
            .map(|r| {
                let v = serde_json::to_value(r).ok();
                let key = v.as_ref().and_then(|v| v.as_str()).unwrap_or("none");
                self.t(&format!("relationship-{key}"))
            })
            .unwrap_or_default()
    }

    fn role(&self, r: Role) -> String {
        self.t(match r {
            Role::Victim => "role-victim",
            Role::Perpetrator => "role-perpetrator",
            Role::Witness => "role-witness",
            Role::Child => "role-child",
        })
    }

    fn assessment_of(&self, o: &Order) -> Option<&Assessment> {
        o.content
            .assessment
            .and_then(|id| self.ctx.file.assessments.iter().find(|a| a.id == id))
    }

    /// The competent officer's finding of imminent danger (Art. 16) and its reasons: the legal
    /// output of an assessment, printed before any guide level. The reasons open `fields`.
    fn finding(&self, a: &Assessment) -> (Block, Vec<Field>) {
        let finding = self.t(match a.officer_believes_in_danger {
            Some(true) => "finding-yes",
            Some(false) => "finding-no",
            None => "finding-unknown",
        });
        let mut fields = Vec::new();
        if !a.judgement_reasons.trim().is_empty() {
            fields.push(Field::new(
                self.t("finding-reasons"),
                a.judgement_reasons.trim(),
            ));
        }
        (
            Block::Paragraph(self.ta("finding", &[("finding", &finding)])),
            fields,
        )
    }

    fn instrument_title(&self, a: &Assessment) -> String {
        self.ctx
            .instruments
            .iter()
            .find(|i| i.reference() == a.instrument)
            .map(|i| i.title().get(self.ctx.language).to_owned())
            .unwrap_or_else(|| a.instrument.id.clone())
    }
}

#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod tests;
