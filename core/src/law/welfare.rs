//! The social-welfare centre's notification where children are involved: a case whose incident
//! had children present, or with a child among its people, carries a warning on the case and on
//! each order until the notification is recorded (when, which centre, how) — on the incident, or,
//! as before, as an order event.

use serde::{Deserialize, Serialize};

use crate::domain::order::{Order, OrderEventKind};
use crate::domain::{Incident, Person, Role};

/// A warning about the case as a whole (as opposed to an order's clocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CaseWarning {
    /// Children are involved and the social-welfare centre's notification is not recorded.
    WelfareNotNotified,
}

/// Whether children are involved: present at the incident, or a child among the people.
pub fn children_involved(incident: &Incident, people: &[Person]) -> bool {
    incident.children_present == Some(true) || people.iter().any(|p| p.role == Role::Child)
}

/// Whether the notification is recorded, on the incident or on any of the case's orders.
pub fn welfare_notified(incident: &Incident, orders: &[&Order]) -> bool {
    incident.welfare_notification.is_some()
        || orders.iter().any(|o| {
            o.events
                .iter()
                .any(|e| matches!(e.event, OrderEventKind::SocialWelfareNotified { .. }))
        })
}

/// The case's warnings.
pub fn case_warnings(
    incident: &Incident,
    people: &[Person],
    orders: &[&Order],
) -> Vec<CaseWarning> {
    let mut out = Vec::new();
    if children_involved(incident, people) && !welfare_notified(incident, orders) {
        out.push(CaseWarning::WelfareNotNotified);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::order::{EventSource, OrderContent, OrderEvent};
    use crate::domain::{Badge, CaseId, EventId, NotificationMeans, WelfareNotification};
    use chrono::Utc;

    #[test]
    fn children_involved_warn_until_the_centre_is_notified() {
        let mut inc = Incident::default();
        let adult = Person::new(Role::Victim);
        assert!(case_warnings(&inc, std::slice::from_ref(&adult), &[]).is_empty());
        inc.children_present = Some(true);
        assert_eq!(
            case_warnings(&inc, std::slice::from_ref(&adult), &[]),
            vec![CaseWarning::WelfareNotNotified]
        );
        // A child among the people is enough, even when "children present" is unanswered.
        inc.children_present = None;
        let people = [adult, Person::new(Role::Child)];
        assert_eq!(
            case_warnings(&inc, &people, &[]),
            vec![CaseWarning::WelfareNotNotified]
        );
        // Recorded on an order: resolved.
        let badge = Badge::parse("NS-1234").unwrap();
        let mut order = Order::new(
            CaseId::new(),
            badge.clone(),
            Utc::now(),
            OrderContent::default(),
        );
        order.events.push(OrderEvent {
            id: EventId::new(),
            recorded_at: Utc::now(),
            recorded_by: Some(badge),
            source: EventSource::Device,
            event: OrderEventKind::SocialWelfareNotified {
                at: Utc::now(),
                centre: "CSR Novi Sad".into(),
                note: String::new(),
            },
        });
        assert!(case_warnings(&inc, &people, &[&order]).is_empty());
        // Recorded on the incident: resolved.
        inc.welfare_notification = Some(WelfareNotification {
            at: Utc::now(),
            centre: "CSR Novi Sad".into(),
            means: NotificationMeans::Phone,
            note: String::new(),
        });
        assert!(case_warnings(&inc, &people, &[]).is_empty());
    }
}
