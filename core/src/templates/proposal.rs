//! The basic public prosecutor's **proposal to extend** the emergency measures, addressed to the
//! basic court of the victim's residence (Art. 18): the police order (number, measures, service,
//! the 48 hours), the perpetrator and the protected people, the police risk assessment (the
//! competent officer's finding first, the guide level after it), the prosecutor's evaluation of
//! it, his reasons and the evidence he attaches. The central record's console generates it when
//! the prosecutor files the proposal; the court reads it.

use super::*;

/// What the prosecutor says in his proposal, beside the case.
#[derive(Debug, Clone, Copy)]
pub struct Proposal<'a> {
    /// The basic public prosecutor's office (as the reference data names it).
    pub office: &'a str,
    /// The basic court it is addressed to.
    pub court: &'a str,
    /// The deputy prosecutor who files it.
    pub prosecutor: &'a str,
    pub at: DateTime<Utc>,
    /// His evaluation of the police risk assessment: whether he agrees, and why.
    pub agrees: bool,
    pub evaluation: &'a str,
    pub reasons: &'a str,
    pub evidence: &'a [String],
}

/// The proposal on `order` of `ctx.file`, in `ctx.language`.
pub fn proposal(
    ctx: &Context<'_>,
    order: &Order,
    p: &Proposal<'_>,
) -> Result<Document, CatalogueError> {
    let c = Catalogue::load(ctx.language)?;
    Ok(Writer { ctx, c: &c }.proposal(order, p))
}

impl Writer<'_> {
    fn proposal(&self, o: &Order, p: &Proposal<'_>) -> Document {
        let d = crate::law::deadlines(o);
        let mut blocks = vec![
            Block::Paragraph(self.ta("proposal-to", &[("court", p.court.trim())])),
            Block::Paragraph(self.t("proposal-basis")),
            Block::Heading(self.t("proposal-order")),
        ];
        let mut order_fields = Vec::new();
        if let Some(n) = o.shown_number() {
            let number = if n.provisional {
                format!("{} {}", n.number, self.t("ref-provisional"))
            } else {
                n.number
            };
            order_fields.push(Field::new(self.t("ref-number"), number));
        }
        if let Some(place) = self.place_of_issue(o) {
            order_fields.push(Field::new(self.t("proposal-order-issued"), place));
        }
        if let Some(i) = &o.issued {
            order_fields.push(Field::new(self.t("ref-issued"), self.when(i.at)));
        }
        order_fields.push(Field::new(
            self.t("order-served-at"),
            d.served_at
                .map(|s| self.when(s))
                .unwrap_or_else(|| self.t("order-not-served")),
        ));
        if let Some(end) = d.initial_expires_at {
            order_fields.push(Field::new(self.t("order-expires-at"), self.when(end)));
        }
        blocks.push(Block::Fields(order_fields));
        blocks.push(Block::List(self.measures(o)));
        blocks.push(Block::Heading(self.t("order-perpetrator")));
        if let Some(perp) = self.person(o.content.perpetrator) {
            blocks.push(Block::Fields(self.person_fields(perp)));
        }
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
        // The competent officer's finding is the law's (Art. 16); the level is our guide, after it.
        blocks.push(Block::Heading(self.t("proposal-assessment")));
        match self.assessment_of(o) {
            Some(a) if a.completed.is_some() => {
                let (finding, reasons) = self.finding(a);
                blocks.push(finding);
                if !reasons.is_empty() {
                    blocks.push(Block::Fields(reasons));
                }
                if let Some(c) = &a.completed {
                    blocks.push(Block::Paragraph(self.ta(
                        "order-risk-line",
                        &[
                            ("instrument", &self.instrument_title(a)),
                            ("at", &self.when(c.at)),
                            ("level", &self.level(c.final_level)),
                        ],
                    )));
                }
                blocks.push(Block::Paragraph(self.t("guide-note")));
            }
            _ => blocks.push(Block::Paragraph(self.t("summary-risk-none"))),
        }
        blocks.push(Block::Heading(self.t("proposal-evaluation")));
        blocks.push(Block::Paragraph(self.t(if p.agrees {
            "proposal-evaluation-agrees"
        } else {
            "proposal-evaluation-disagrees"
        })));
        if !p.evaluation.trim().is_empty() {
            blocks.push(Block::Fields(vec![Field::new(
                self.t("proposal-evaluation-reasons"),
                p.evaluation.trim(),
            )]));
        }
        blocks.push(Block::Heading(self.t("proposal-reasons")));
        blocks.push(Block::Paragraph(p.reasons.trim().to_owned()));
        blocks.push(Block::Heading(self.t("proposal-evidence")));
        let evidence: Vec<String> = p
            .evidence
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect();
        if evidence.is_empty() {
            blocks.push(Block::Paragraph(self.t("proposal-evidence-none")));
        } else {
            blocks.push(Block::List(evidence));
        }
        blocks.push(Block::Fields(vec![Field::new(
            self.t("competent-court"),
            p.court.trim(),
        )]));
        blocks.push(Block::Signatures(vec![SignatureLine {
            label: self.t("proposal-sign"),
            name: p.prosecutor.trim().to_owned(),
            strokes: None,
            note: String::new(),
        }]));
        let mut reference = Vec::new();
        if let Some(n) = o.number() {
            reference.push(Field::new(self.t("ref-number"), n));
        }
        reference.push(Field::new(self.t("proposal-date"), self.when(p.at)));
        Document {
            title: self.t("proposal-title"),
            header: vec![self.t("issuer-country"), p.office.trim().to_owned()],
            reference,
            blocks,
            footer: self.ta(
                "proposal-footer",
                &[("at", &self.when(self.ctx.generated_at))],
            ),
            page_label: self.ta("page-label", &[("page", "{page}"), ("pages", "{pages}")]),
            translations: Vec::new(),
        }
    }
}
