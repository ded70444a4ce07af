//! The documents handed to the perpetrator: the **order** and its **service receipt**. Neither
//! shows where the protected people live or how to reach them (ARCHITECTURE, invariants).

use super::*;

impl Writer<'_> {
    pub(super) fn measures(&self, o: &Order) -> Vec<String> {
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

    /// Where the order was issued: the police station, then the administration it belongs to.
    pub(super) fn place_of_issue(&self, o: &Order) -> Option<String> {
        let parts: Vec<&str> = [
            o.content.police_station.trim(),
            o.content.police_administration.trim(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    pub(super) fn order(&self, o: &Order) -> Document {
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

    pub(super) fn receipt(&self, o: &Order) -> Document {
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

    /// The competent basic public prosecutor's office and basic court (Art. 19), from the
    /// victim's municipality or, while it is not given, the incident's.
    pub(super) fn competent(&self, o: &Order) -> Vec<Field> {
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
}
