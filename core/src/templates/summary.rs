//! The **case summary for the prosecutor**: the incident, everyone in the case, every statement
//! in full, the risk assessments (the officer's finding first) and each order with its events.

use super::*;

impl Writer<'_> {
    pub(super) fn summary(&self) -> Document {
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
    pub(super) fn statement_blocks(&self, s: &Statement, blocks: &mut Vec<Block>) {
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
    pub(super) fn language_name(&self, code: &str) -> String {
        let code = code.trim().to_ascii_lowercase();
        let key = format!("language-{code}");
        if self.c.has(&key) { self.t(&key) } else { code }
    }

    pub(super) fn assessment_blocks(&self, a: &Assessment, blocks: &mut Vec<Block>) {
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
                        self.note_with_source(
                            answer.map(|x| x.note.trim()).unwrap_or_default(),
                            a.sources.get(&item.id),
                        ),
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

    /// An answer's note, and where the officer accepted it from (the person's history), if so.
    fn note_with_source(
        &self,
        note: &str,
        source: Option<&crate::domain::assessment::AnswerSource>,
    ) -> String {
        let Some(s) = source else {
            return note.to_owned();
        };
        let line = self.ta(
            "summary-answer-source",
            &[
                ("source", &crate::app::history_source_line(&s.source)),
                ("officer", &self.officer(&s.accepted_by)),
            ],
        );
        if note.is_empty() {
            line
        } else {
            format!("{note} — {line}")
        }
    }

    pub(super) fn order_summary(&self, o: &Order, blocks: &mut Vec<Block>) {
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
        // A lifted order ended then, not at the end its service or the court set.
        fields.push(match d.lifted_at {
            Some(lifted) => Field::new(self.t("summary-order-lifted"), self.when(lifted)),
            None => Field::new(self.t("summary-order-expires"), self.when_opt(d.expires_at)),
        });
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
}
