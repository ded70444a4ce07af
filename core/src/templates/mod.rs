//! What each official document says: the emergency-measure **order**, its **service receipt**,
//! and the **case summary for the prosecutor**, as [`crate::document::Document`]s (rendered to PDF
//! by [`crate::document::render_pdf`], and shown by the app as a print preview). Texts come from
//! the documents' Fluent catalogues ([`i18n`]); instants are shown in `Europe/Belgrade`.
//!
//! People's names, addresses and the officer's free text are printed as entered, in whatever
//! script they were written: transliterating a name would misspell it.

pub mod i18n;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Belgrade;
use serde::{Deserialize, Serialize};

use crate::app::Language;
use crate::casefile::CaseFile;
use crate::document::{Block, Document, Field, SignatureLine, Translation};
use crate::domain::assessment::Assessment;
use crate::domain::order::{AppealOutcome, CourtOutcome, Order, OrderEventKind, Party};
use crate::domain::{Badge, Person, PersonId, Role, Statement, WeaponLegality};
use crate::risk::{Answer, Instrument, RiskLevel};
use i18n::Catalogue;
pub use i18n::CatalogueError;

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

/// Everything a document may draw on.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub file: &'a CaseFile,
    /// The instrument versions the case's assessments were made with.
    pub instruments: &'a [Instrument],
    /// Officers' names by badge (the database's roster).
    pub officers: &'a BTreeMap<Badge, String>,
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

    fn officer(&self, badge: &Badge) -> String {
        match self.ctx.officers.get(badge) {
            Some(name) => format!("{name} ({badge})"),
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

    fn measures(&self, o: &Order) -> Vec<String> {
        o.content
            .measures
            .iter()
            .map(|m| {
                let key = match m {
                    crate::domain::Measure::RemovalFromDwelling => "measure-removal_from_dwelling",
                    crate::domain::Measure::ContactBan => "measure-contact_ban",
                };
                format!("{}. {}", self.t(key), self.t(&format!("{key}-long")))
            })
            .collect()
    }

    fn assessment_of(&self, o: &Order) -> Option<&Assessment> {
        o.content
            .assessment
            .and_then(|id| self.ctx.file.assessments.iter().find(|a| a.id == id))
    }

    /// Where the order was issued: the police station, then the administration it belongs to.
    fn place_of_issue(&self, o: &Order) -> Option<String> {
        let parts: Vec<&str> = [
            o.content.police_station.trim(),
            o.content.police_administration.trim(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
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

    fn order(&self, o: &Order) -> Document {
        let d = crate::law::deadlines(o);
        let mut blocks = vec![Block::Paragraph(self.t("order-basis"))];
        blocks.push(Block::Heading(self.t("order-perpetrator")));
        if let Some(p) = self.person(o.content.perpetrator) {
            blocks.push(Block::Fields(self.person_fields(p)));
        }
        // **Invariant:** the order is handed to the perpetrator, so it never shows where the
        // protected people live or how to reach them (a victim who moved to a relative or a
        // shelter must not be findable from his copy): their names and who they are, nothing
        // else. The only address is the dwelling the removal measure names, which he must leave.
        blocks.push(Block::Heading(self.t("order-protected")));
        let rows = o
            .content
            .protected
            .iter()
            .filter_map(|id| self.person(Some(*id)))
            .map(|p| vec![p.full_name(), self.role(p.role), self.relationship(p)])
            .collect();
        blocks.push(Block::Table {
            columns: vec![
                self.t("summary-col-name"),
                self.t("summary-col-role"),
                self.t("summary-col-relationship"),
            ],
            rows,
        });
        blocks.push(Block::Heading(self.t("order-measures")));
        blocks.push(Block::List(self.measures(o)));
        if o.content
            .measures
            .contains(&crate::domain::Measure::RemovalFromDwelling)
            && !o.content.dwelling.trim().is_empty()
        {
            blocks.push(Block::Fields(vec![Field::new(
                self.t("order-dwelling"),
                o.content.dwelling.trim(),
            )]));
        }
        if o.content
            .measures
            .contains(&crate::domain::Measure::RemovalFromDwelling)
        {
            blocks.push(Block::Paragraph(self.t("order-belongings")));
        }
        blocks.push(Block::Heading(self.t("order-duration")));
        blocks.push(Block::Paragraph(self.t("order-duration-text")));
        let mut fields = vec![Field::new(
            self.t("order-served-at"),
            d.served_at
                .map(|s| self.when(s))
                .unwrap_or_else(|| self.t("order-not-served")),
        )];
        if let Some(end) = d.initial_expires_at {
            fields.push(Field::new(self.t("order-expires-at"), self.when(end)));
        }
        if d.extended {
            fields.push(Field::new(
                self.t("order-extended"),
                self.when_opt(d.expires_at),
            ));
        }
        blocks.push(Block::Fields(fields));
        blocks.push(Block::Heading(self.t("order-reasons")));
        blocks.push(Block::Paragraph(o.content.reasons.trim().to_owned()));
        // The competent officer's finding is the law's (Art. 16); the level is our guide, after it.
        if let Some(a) = self.assessment_of(o)
            && let Some(c) = &a.completed
        {
            blocks.push(Block::Heading(self.t("order-risk")));
            let (finding, reasons) = self.finding(a);
            blocks.push(finding);
            if !reasons.is_empty() {
                blocks.push(Block::Fields(reasons));
            }
            blocks.push(Block::Paragraph(self.ta(
                "order-risk-line",
                &[
                    ("instrument", &self.instrument_title(a)),
                    ("at", &self.when(c.at)),
                    ("level", &self.level(c.final_level)),
                ],
            )));
            blocks.push(Block::Paragraph(self.t("guide-note")));
        }
        blocks.push(Block::Notice(self.t("order-notice")));
        blocks.push(Block::Heading(self.t("order-remedy")));
        blocks.push(Block::List(vec![
            self.t("order-no-appeal"),
            self.t("order-next-prosecutor"),
            self.t("order-next-court"),
            self.t("order-next-appeal"),
        ]));
        blocks.push(Block::Fields(self.competent(o)));
        let mut issued = Vec::new();
        if let Some(place) = self.place_of_issue(o) {
            issued.push(Field::new(self.t("order-issued-place"), place));
        }
        if let Some(i) = &o.issued {
            issued.push(Field::new(self.t("ref-issued"), self.when(i.at)));
        }
        if !issued.is_empty() {
            blocks.push(Block::Fields(issued));
        }
        let service = o.service();
        let perpetrator_name = self
            .person(o.content.perpetrator)
            .map(Person::full_name)
            .unwrap_or_default();
        // The stamp's place beside the officer's signature.
        blocks.push(Block::Signatures(vec![
            SignatureLine {
                label: self.t("order-stamp"),
                name: String::new(),
                strokes: None,
                note: String::new(),
            },
            SignatureLine {
                label: self.t("order-sign-officer"),
                name: o
                    .issued
                    .as_ref()
                    .map(|i| self.officer(&i.by))
                    .unwrap_or_default(),
                strokes: None,
                note: String::new(),
            },
        ]));
        blocks.push(Block::Signatures(vec![SignatureLine {
            label: self.t("order-sign-perpetrator"),
            name: perpetrator_name,
            strokes: service.and_then(|s| s.signature.cloned()),
            note: service
                .and_then(|s| s.refused_to_sign)
                .map(|r| self.ta("receipt-refused", &[("reason", r)]))
                .unwrap_or_default(),
        }]));
        self.frame(self.t("order-title"), Some(o), blocks)
    }

    fn receipt(&self, o: &Order) -> Document {
        let d = crate::law::deadlines(o);
        let perpetrator = self
            .person(o.content.perpetrator)
            .map(Person::full_name)
            .unwrap_or_default();
        let mut blocks = Vec::new();
        match o.service() {
            None => blocks.push(Block::Notice(self.t("receipt-not-served"))),
            Some(s) => {
                blocks.push(Block::Paragraph(self.t("receipt-text")));
                blocks.push(Block::Fields(vec![
                    Field::new(
                        self.t("receipt-order"),
                        o.number().unwrap_or_default().to_owned(),
                    ),
                    Field::new(self.t("receipt-perpetrator"), perpetrator.clone()),
                    Field::new(self.t("receipt-served-at"), self.when(s.at)),
                    Field::new(self.t("receipt-place"), s.place.trim()),
                    Field::new(self.t("receipt-served-by"), self.officer(s.served_by)),
                    Field::new(
                        self.t("receipt-expires-at"),
                        self.when_opt(d.initial_expires_at),
                    ),
                ]));
                blocks.push(Block::List(self.measures(o)));
                blocks.push(Block::Signatures(vec![
                    SignatureLine {
                        label: self.t("receipt-sign-recipient"),
                        name: perpetrator,
                        strokes: s.signature.cloned(),
                        note: s
                            .refused_to_sign
                            .map(|r| self.ta("receipt-refused", &[("reason", r)]))
                            .unwrap_or_default(),
                    },
                    SignatureLine {
                        label: self.t("receipt-sign-officer"),
                        name: self.officer(s.served_by),
                        strokes: None,
                        note: String::new(),
                    },
                ]));
            }
        }
        self.frame(self.t("receipt-title"), Some(o), blocks)
    }

    fn summary(&self) -> Document {
        let f = self.ctx.file;
        let inc = &f.incident;
        let mut blocks = vec![Block::Heading(self.t("summary-incident"))];
        let forms: Vec<String> = inc
            .forms_of_violence
            .iter()
            .map(|v| {
                let v = serde_json::to_value(v).ok();
                self.t(&format!(
                    "violence-{}",
                    v.as_ref().and_then(|v| v.as_str()).unwrap_or("")
                ))
            })
            .collect();
        blocks.push(Block::Fields(vec![
            Field::new(
                self.t("summary-reported-at"),
                self.when_opt(inc.reported_at),
            ),
            Field::new(
                self.t("summary-arrived-at"),
                self.when_opt(inc.police_arrived_at),
            ),
            Field::new(self.t("summary-address"), inc.address.trim()),
            Field::new(self.t("summary-municipality"), inc.municipality.trim()),
            Field::new(self.t("summary-forms"), forms.join(", ")),
            Field::new(
                self.t("summary-children-present"),
                self.yes_no(inc.children_present),
            ),
            Field::new(self.t("summary-injuries"), inc.injuries.trim()),
        ]));
        blocks.push(Block::Heading(self.t("summary-narrative")));
        blocks.push(Block::Paragraph(inc.narrative.trim().to_owned()));

        blocks.push(Block::Heading(self.t("summary-people")));
        blocks.push(Block::Table {
            columns: vec![
                self.t("summary-col-role"),
                self.t("summary-col-name"),
                self.t("summary-col-jmbg"),
                self.t("summary-col-relationship"),
                self.t("summary-col-address"),
            ],
            rows: f
                .people
                .iter()
                .map(|p| {
                    vec![
                        self.role(p.role),
                        p.full_name(),
                        p.jmbg.trim().to_owned(),
                        self.relationship(p),
                        p.address.trim().to_owned(),
                    ]
                })
                .collect(),
        });

        blocks.push(Block::Heading(self.t("summary-weapons")));
        if inc.weapons.is_empty() {
            blocks.push(Block::Paragraph(self.t("summary-weapons-none")));
        } else {
            blocks.push(Block::Table {
                columns: vec![
                    self.t("summary-col-kind"),
                    self.t("summary-col-description"),
                    self.t("summary-col-household"),
                    self.t("summary-col-legality"),
                    self.t("summary-col-used"),
                    self.t("summary-col-seized"),
                ],
                rows: inc
                    .weapons
                    .iter()
                    .map(|w| {
                        let kind = serde_json::to_value(w.kind).ok();
                        vec![
                            self.t(&format!(
                                "weapon-{}",
                                kind.as_ref().and_then(|v| v.as_str()).unwrap_or("other")
                            )),
                            w.description.trim().to_owned(),
                            self.yes_no(Some(w.in_household)),
                            self.t(match w.legality {
                                Some(WeaponLegality::Licensed) => "legality-licensed",
                                Some(WeaponLegality::Unlicensed) => "legality-unlicensed",
                                Some(WeaponLegality::Unknown) | None => "legality-unknown",
                            }),
                            format!(
                                "{} / {}",
                                self.yes_no(Some(w.used_in_incident)),
                                self.yes_no(Some(w.threatened_in_incident))
                            ),
                            if w.seized {
                                format!("{} ({})", self.t("yes"), w.seizure_receipt.trim())
                            } else {
                                self.t("no")
                            },
                        ]
                    })
                    .collect(),
            });
        }

        blocks.push(Block::Heading(self.t("summary-risk")));
        if f.assessments.is_empty() {
            blocks.push(Block::Paragraph(self.t("summary-risk-none")));
        }
        for a in &f.assessments {
            self.assessment_blocks(a, &mut blocks);
        }

        blocks.push(Block::Heading(self.t("summary-orders")));
        if f.orders.is_empty() {
            blocks.push(Block::Paragraph(self.t("summary-orders-none")));
        }
        for o in &f.orders {
            self.order_summary(&o.order, &mut blocks);
        }

        if !f.statements.is_empty() {
            blocks.push(Block::Heading(self.t("summary-statements")));
            for s in &f.statements {
                self.statement_blocks(s, &mut blocks);
            }
        }
        self.frame(self.t("summary-title"), None, blocks)
    }

    /// One statement in full: who gave it and in what role, when, where, in which language and
    /// through which interpreter, whether signed (with its fingerprint) or why not, what it amends,
    /// and its whole text.
    fn statement_blocks(&self, s: &Statement, blocks: &mut Vec<Block>) {
        let person = self.person(Some(s.person_id));
        let name = person.map(Person::full_name).unwrap_or_default();
        let role = person
            .map(|p| {
                self.t(match p.role {
                    Role::Victim => "statement-role-victim",
                    Role::Perpetrator => "statement-role-perpetrator",
                    Role::Witness => "statement-role-witness",
                    Role::Child => "statement-role-child",
                })
            })
            .unwrap_or_default();
        let heading = if s.amends.is_some() {
            "summary-statement-addendum-heading"
        } else {
            "summary-statement-heading"
        };
        blocks.push(Block::Heading(
            self.ta(heading, &[("person", &name), ("role", &role)]),
        ));
        let mut fields = vec![
            Field::new(self.t("summary-statement-taken"), self.when(s.taken_at)),
            Field::new(
                self.t("summary-statement-taken-by"),
                self.officer(&s.taken_by),
            ),
        ];
        if !s.place.trim().is_empty() {
            fields.push(Field::new(
                self.t("summary-statement-place"),
                s.place.trim(),
            ));
        }
        if !s.language.trim().is_empty() {
            fields.push(Field::new(
                self.t("summary-statement-language"),
                self.language_name(&s.language),
            ));
        }
        if let Some(i) = s.interpreter.as_deref().map(str::trim)
            && !i.is_empty()
        {
            fields.push(Field::new(self.t("summary-statement-interpreter"), i));
        }
        let signed = match (&s.signed_at, &s.content_sha256) {
            (Some(at), Some(sha)) => self.ta(
                "summary-statement-signed",
                &[("at", &self.when(*at)), ("sha", sha)],
            ),
            _ => self.t("summary-statement-unsigned"),
        };
        fields.push(Field::new(self.t("summary-statement-signature"), signed));
        // Signed by the officer, but not by the person who gave it: why.
        if s.is_signed() && s.victim_signature.is_none() {
            let reason = s
                .victim_not_signed_reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map_or_else(|| self.t("none"), str::to_owned);
            fields.push(Field::new(self.t("summary-statement-refused"), reason));
        }
        if let Some(amended) = s
            .amends
            .and_then(|id| self.ctx.file.statements.iter().find(|x| x.id == id))
        {
            let by = self
                .person(Some(amended.person_id))
                .map(Person::full_name)
                .unwrap_or_default();
            fields.push(Field::new(
                self.t("summary-statement-amends"),
                self.ta(
                    "summary-statement-amends-value",
                    &[("at", &self.when(amended.taken_at)), ("person", &by)],
                ),
            ));
        }
        blocks.push(Block::Fields(fields));
        blocks.push(Block::Paragraph(self.t("summary-statement-text")));
        let text = s.text.trim();
        blocks.push(Block::Paragraph(if text.is_empty() {
            self.t("summary-statement-no-text")
        } else {
            text.to_owned()
        }));
    }

    /// A spoken language's name (ISO 639 code); the code itself when the catalogue has no name.
    fn language_name(&self, code: &str) -> String {
        let code = code.trim().to_ascii_lowercase();
        let key = format!("language-{code}");
        if self.c.has(&key) { self.t(&key) } else { code }
    }

    fn assessment_blocks(&self, a: &Assessment, blocks: &mut Vec<Block>) {
        let instrument = self
            .ctx
            .instruments
            .iter()
            .find(|i| i.reference() == a.instrument);
        blocks.push(Block::Heading(self.ta(
            "summary-risk-heading",
            &[
                ("instrument", &self.instrument_title(a)),
                ("version", &a.instrument.version.to_string()),
            ],
        )));
        let Some(c) = &a.completed else {
            blocks.push(Block::Paragraph(self.t("summary-risk-draft")));
            return;
        };
        // The finding first (the law's), then the guide levels (ours).
        let (finding, mut fields) = self.finding(a);
        blocks.push(finding);
        fields.push(Field::new(
            self.t("summary-risk-computed"),
            self.level(c.evaluation.computed_level),
        ));
        fields.push(Field::new(
            self.t("summary-risk-final"),
            self.level(c.final_level),
        ));
        if let Some(r) = &c.raise_reason {
            fields.push(Field::new(self.t("summary-risk-raise"), r.trim()));
        }
        fields.push(Field::new(
            self.t("summary-risk-reassess"),
            self.when(c.reassessment_due_at),
        ));
        blocks.push(Block::Fields(fields));
        blocks.push(Block::Paragraph(self.t("guide-note")));
        blocks.push(Block::Paragraph(self.ta(
            "summary-risk-assessed",
            &[("officer", &self.officer(&c.by)), ("at", &self.when(c.at))],
        )));
        let rows = match instrument {
            Some(i) => i
                .items()
                .iter()
                .map(|item| {
                    let answer = a.answers.get(&item.id);
                    vec![
                        item.text.get(self.ctx.language).to_owned(),
                        self.t(match answer.map(|x| x.answer) {
                            Some(Answer::Yes) => "answer-yes",
                            Some(Answer::No) => "answer-no",
                            Some(Answer::Unknown) | None => "answer-unknown",
                        }),
                        answer.map(|x| x.note.trim().to_owned()).unwrap_or_default(),
                    ]
                })
                .collect(),
            None => Vec::new(),
        };
        blocks.push(Block::Table {
            columns: vec![
                self.t("summary-col-item"),
                self.t("summary-col-answer"),
                self.t("summary-col-note"),
            ],
            rows,
        });
    }

    /// The competent basic public prosecutor's office and basic court (Art. 19), from the
    /// victim's municipality or, while it is not given, the incident's.
    fn competent(&self, o: &Order) -> Vec<Field> {
        let municipality = if o.content.victim_municipality.trim().is_empty() {
            self.ctx.file.incident.municipality.trim()
        } else {
            o.content.victim_municipality.trim()
        };
        match crate::law::jurisdiction::for_municipality(municipality) {
            Some(j) => vec![
                Field::new(self.t("competent-prosecutor"), j.basic_public_prosecutor),
                Field::new(self.t("competent-court"), j.basic_court),
            ],
            None => vec![Field::new(
                self.t("competent-prosecutor"),
                self.ta("competent-unknown", &[("municipality", municipality)]),
            )],
        }
    }

    fn order_summary(&self, o: &Order, blocks: &mut Vec<Block>) {
        let d = crate::law::deadlines(o);
        let number = o
            .number()
            .map(str::to_owned)
            .unwrap_or_else(|| self.t("summary-draft-order"));
        blocks.push(Block::Heading(
            self.ta("summary-order-heading", &[("number", &number)]),
        ));
        let mut fields = vec![Field::new(
            self.t("summary-order-measures"),
            o.content
                .measures
                .iter()
                .map(|m| match m {
                    crate::domain::Measure::RemovalFromDwelling => {
                        self.t("measure-removal_from_dwelling")
                    }
                    crate::domain::Measure::ContactBan => self.t("measure-contact_ban"),
                })
                .collect::<Vec<_>>()
                .join("; "),
        )];
        if let Some(p) = self.person(o.content.perpetrator) {
            fields.push(Field::new(self.t("receipt-perpetrator"), p.full_name()));
        }
        fields.extend(self.competent(o));
        if let Some(i) = &o.issued {
            fields.push(Field::new(self.t("summary-order-issued"), self.when(i.at)));
        }
        fields.push(Field::new(
            self.t("summary-order-served"),
            self.when_opt(d.served_at),
        ));
        fields.push(Field::new(
            self.t("summary-order-expires"),
            self.when_opt(d.expires_at),
        ));
        fields.push(Field::new(
            self.t("summary-order-proposal-due"),
            self.when_opt(d.prosecutor_proposal_due_at),
        ));
        fields.push(Field::new(
            self.t("summary-order-decision-due"),
            self.when_opt(d.court_decision_due_at),
        ));
        fields.push(Field::new(
            self.t("summary-order-forwarded"),
            self.when_opt(d.forwarded_at),
        ));
        blocks.push(Block::Fields(fields));
        if !o.events.is_empty() {
            blocks.push(Block::List(
                o.events
                    .iter()
                    .map(|e| format!("{}: {}", self.when(e.recorded_at), self.event(&e.event)))
                    .collect(),
            ));
        }
    }

    fn party(&self, p: Party) -> String {
        match p {
            Party::Prosecutor => self.t("party-prosecutor"),
            Party::Perpetrator => self.t("party-perpetrator"),
        }
    }

    fn event(&self, e: &OrderEventKind) -> String {
        use OrderEventKind as K;
        match e {
            K::Served { at, place, .. } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-served", &[("place", place.trim())])
            ),
            K::Forwarded { at, prosecutor } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-forwarded", &[("prosecutor", prosecutor.trim())])
            ),
            K::ExtensionProposed { at } => {
                format!(
                    "{} — {}",
                    self.when(*at),
                    self.t("event-extension_proposed")
                )
            }
            K::CourtDecision {
                court,
                number,
                decided_on,
                outcome,
                ends_at,
            } => {
                let date = self.date(*decided_on);
                let base = [
                    ("court", court.trim()),
                    ("number", number.trim()),
                    ("date", date.as_str()),
                ];
                match outcome {
                    CourtOutcome::Extended => {
                        let until = self.when_opt(*ends_at);
                        let mut args = base.to_vec();
                        args.push(("until", &until));
                        self.ta("event-court_decision-extended", &args)
                    }
                    CourtOutcome::Refused => self.ta("event-court_decision-refused", &base),
                }
            }
            K::Appeal { at, note, by } => format!(
                "{} — {}",
                self.when(*at),
                match by {
                    Some(by) => {
                        let party = self.party(*by);
                        self.ta(
                            "event-appeal-by",
                            &[("party", &party), ("note", note.trim())],
                        )
                    }
                    None => self.ta("event-appeal", &[("note", note.trim())]),
                }
            ),
            K::ProsecutorDeclined { at, reason } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-prosecutor_declined", &[("reason", reason.trim())])
            ),
            K::DecisionReceived { at, by } => {
                let party = self.party(*by);
                format!(
                    "{} — {}",
                    self.when(*at),
                    self.ta("event-decision_received", &[("party", &party)])
                )
            }
            K::AppealForwarded { at } => {
                format!("{} — {}", self.when(*at), self.t("event-appeal_forwarded"))
            }
            K::HigherCourtDecision {
                court,
                number,
                decided_on,
                outcome,
            } => {
                let date = self.date(*decided_on);
                let args = [
                    ("court", court.trim()),
                    ("number", number.trim()),
                    ("date", date.as_str()),
                ];
                match outcome {
                    AppealOutcome::Upheld => self.ta("event-higher_court_decision-upheld", &args),
                    AppealOutcome::Overturned => {
                        self.ta("event-higher_court_decision-overturned", &args)
                    }
                }
            }
            K::Lifted { at, reason } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-lifted", &[("reason", reason.trim())])
            ),
            K::Violation {
                at, description, ..
            } => format!(
                "{} — {}",
                self.when(*at),
                self.ta("event-violation", &[("description", description.trim())])
            ),
            K::EscortedVisit { at, .. } => {
                format!("{} — {}", self.when(*at), self.t("event-escorted_visit"))
            }
            K::SocialWelfareNotified { at, centre, .. } => format!(
                "{} — {}",
                self.when(*at),
                self.ta(
                    "event-social_welfare_notified",
                    &[("centre", centre.trim())]
                )
            ),
            K::OfficialNumber { number } => {
                self.ta("event-official_number", &[("number", number.trim())])
            }
        }
    }
}

#[cfg(test)]
mod tests;
