//! The articles of the Law on the Prevention of Domestic Violence that Zaštita may cite, with what
//! each says (DESIGN §2's article map). A citation anywhere in the project — code, catalogues,
//! instruments, documents, docs — must name an article of this table; the test below reads the
//! tree and fails on any other, and on a topic cited under the wrong article (the 48 hours under
//! Art. 17, say).

/// One article the project may cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Article {
    pub number: u8,
    /// What it says, in our words.
    pub subject: &'static str,
}

/// Every article Zaštita cites, in order.
pub const ARTICLES: [Article; 16] = [
    art(
        1,
        "the law does not apply to minors who commit domestic violence",
    ),
    art(
        3,
        "imminent danger; domestic violence and the family members it covers",
    ),
    art(
        15,
        "the competent police officer; hearing the possible perpetrator",
    ),
    art(
        16,
        "the risk assessment, at once; forwarding to the basic public prosecutor at once",
    ),
    art(
        17,
        "the emergency measures: removal from the dwelling, contact and approach ban",
    ),
    art(
        18,
        "the prosecutor evaluates the assessment, proposes an extension within 24 hours",
    ),
    art(
        19,
        "the basic court decides within 24 hours of receiving the proposal",
    ),
    art(
        20,
        "appeal against the court's decision within 3 days; no suspensive effect",
    ),
    art(
        21,
        "48 hours from service; extension for another 30 days; personal belongings",
    ),
    art(25, "the Coordination and Cooperation Group"),
    art(
        26,
        "the Group's work: reviews, individual protection and support plans, meetings",
    ),
    art(29, "informing the victim of her rights and of services"),
    art(30, "the victim's participation"),
    art(31, "the individual protection and support plan"),
    art(32, "the records the police and the central record keep"),
    art(
        36,
        "violating an emergency measure: up to 60 days' imprisonment",
    ),
];

const fn art(number: u8, subject: &'static str) -> Article {
    Article { number, subject }
}

/// The article of this number, if the project may cite it.
pub fn article(number: u8) -> Option<&'static Article> {
    ARTICLES.iter().find(|a| a.number == number)
}

/// Rules on *which* article a topic belongs to: a line that names the topic and cites an article
/// must cite (at least) this one. The statute's own words in the four languages.
pub const TOPICS: [(&str, &[&str], u8); 4] = [
    (
        "48 hours from service",
        &["48 hours", "48 h ", "48 sati", "48 часова", "48 óra"],
        21,
    ),
    (
        "the court's extension for another 30 days",
        &[
            "another 30 days",
            "up to 30 days",
            "još 30 dana",
            "do 30 dana",
            "још 30 дана",
            "до 30 дана",
            "további 30 nap",
            "30 napig",
        ],
        21,
    ),
    ("appeal", &["appeal", "žalb", "жалб", "fellebbez"], 20),
    (
        "the violation penalty",
        &[
            "imprisonment",
            "kazna zatvora",
            "казна затвора",
            "szabadságvesztés",
        ],
        36,
    ),
];

#[cfg(test)]
mod tests;
