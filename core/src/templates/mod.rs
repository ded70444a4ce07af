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
use crate::document::{Block, Document, Field, SignatureLine};
use crate::domain::assessment::Assessment;
use crate::domain::order::{AppealOutcome, CourtOutcome, Order, OrderEventKind, Party};
use crate::domain::{Badge, Person, PersonId, Role, WeaponLegality};
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
#[derive(Debug)]
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
        if let Some(a) = self.assessment_of(o)
            && let Some(c) = &a.completed
        {
            blocks.push(Block::Heading(self.t("order-risk")));
            blocks.push(Block::Paragraph(self.ta(
                "order-risk-line",
                &[
                    ("instrument", &self.instrument_title(a)),
                    ("at", &self.when(c.at)),
                    ("level", &self.level(c.final_level)),
                ],
            )));
        }
        blocks.push(Block::Notice(self.t("order-notice")));
        let service = o.service();
        let perpetrator_name = self
            .person(o.content.perpetrator)
            .map(Person::full_name)
            .unwrap_or_default();
        blocks.push(Block::Signatures(vec![
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
            SignatureLine {
                label: self.t("order-sign-perpetrator"),
                name: perpetrator_name,
                strokes: service.and_then(|s| s.signature.cloned()),
                note: service
                    .and_then(|s| s.refused_to_sign)
                    .map(|r| self.ta("receipt-refused", &[("reason", r)]))
                    .unwrap_or_default(),
            },
        ]));
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
            blocks.push(Block::List(
                f.statements
                    .iter()
                    .map(|s| {
                        let person = self
                            .person(Some(s.person_id))
                            .map(Person::full_name)
                            .unwrap_or_default();
                        let signed = match (&s.signed_at, &s.content_sha256) {
                            (Some(_), Some(sha)) => self.ta(
                                "summary-statement-signed",
                                &[("sha", sha.get(..16).unwrap_or(sha))],
                            ),
                            _ => self.t("summary-statement-unsigned"),
                        };
                        self.ta(
                            "summary-statement-line",
                            &[
                                ("at", &self.when(s.taken_at)),
                                ("person", &person),
                                ("signed", &signed),
                            ],
                        )
                    })
                    .collect(),
            ));
        }
        self.frame(self.t("summary-title"), None, blocks)
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
        let mut fields = vec![
            Field::new(
                self.t("summary-risk-computed"),
                self.level(c.evaluation.computed_level),
            ),
            Field::new(self.t("summary-risk-final"), self.level(c.final_level)),
        ];
        if let Some(r) = &c.raise_reason {
            fields.push(Field::new(self.t("summary-risk-raise"), r.trim()));
        }
        fields.push(Field::new(
            self.t("summary-risk-judgement"),
            self.yes_no(a.officer_believes_in_danger),
        ));
        if !a.judgement_reasons.trim().is_empty() {
            fields.push(Field::new(
                self.t("summary-risk-reasons"),
                a.judgement_reasons.trim(),
            ));
        }
        fields.push(Field::new(
            self.t("summary-risk-reassess"),
            self.when(c.reassessment_due_at),
        ));
        blocks.push(Block::Paragraph(self.ta(
            "summary-risk-assessed",
            &[("officer", &self.officer(&c.by)), ("at", &self.when(c.at))],
        )));
        blocks.push(Block::Fields(fields));
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
