//! Laid-out pages → PDF bytes, through krilla: the two fonts embedded as subsets (only the glyphs
//! used, with ToUnicode maps so text can be searched and copied), the document information and
//! XMP metadata. krilla writes deterministically: the same pages and metadata give the same bytes.

use chrono::{Datelike, Timelike};
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, SerializeSettings};

use super::fonts::{Fonts, Weight};
use super::layout::{Op, PAGE_HEIGHT, PAGE_WIDTH, Page};
use super::{DocumentError, PdfMeta, language_tag};

/// Ink colour of handwritten signatures (a dark blue, as from a pen).
const INK: (u8, u8, u8) = (18, 38, 110);

pub fn write(pages: &[Page], fonts: &Fonts, meta: &PdfMeta) -> Result<Vec<u8>, DocumentError> {
    let settings = SerializeSettings {
        // Tagged (accessible) PDF needs a structure tree we do not build yet.
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut document = krilla::Document::new_with(settings);
    let regular = load_font(Weight::Regular)?;
    let bold = load_font(Weight::Bold)?;
    let page_settings =
        PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(DocumentError::Layout)?;
    for page in pages {
        let mut pdf_page = document.start_page_with(page_settings.clone());
        let mut surface = pdf_page.surface();
        for op in &page.ops {
            draw(&mut surface, op, fonts, &regular, &bold);
        }
        surface.finish();
        pdf_page.finish();
    }
    document.set_metadata(metadata(meta));
    document
        .finish()
        .map_err(|e| DocumentError::Pdf(e.to_string()))
}

fn load_font(weight: Weight) -> Result<Font, DocumentError> {
    let name = match weight {
        Weight::Regular => "DejaVu Sans",
        Weight::Bold => "DejaVu Sans Bold",
    };
    Font::new(Data::from(Fonts::data(weight)), 0).ok_or(DocumentError::Font { name })
}

fn metadata(meta: &PdfMeta) -> Metadata {
    let c = meta.created;
    let year = u16::try_from(c.year().clamp(0, 9999)).unwrap_or(0);
    // chrono's fields are in range by construction; krilla clamps them anyway.
    let narrow = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
    let created = DateTime::new(year)
        .month(narrow(c.month()))
        .day(narrow(c.day()))
        .hour(narrow(c.hour()))
        .minute(narrow(c.minute()))
        .second(narrow(c.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(meta.title.clone())
        .authors(if meta.author.is_empty() {
            Vec::new()
        } else {
            vec![meta.author.clone()]
        })
        .creator("Zaštita".to_owned())
        .creation_date(created)
        .language(language_tag(meta.language).to_owned())
}

fn fill(grey: u8) -> Fill {
    Fill {
        paint: luma::Color::new(grey).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(width: f32, paint: krilla::paint::Paint) -> Stroke {
    Stroke {
        paint,
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    }
}

fn draw(surface: &mut Surface<'_>, op: &Op, fonts: &Fonts, regular: &Font, bold: &Font) {
    match op {
        Op::Text {
            x,
            baseline,
            weight,
            size,
            grey,
            text,
        } => {
            let glyphs: Vec<KrillaGlyph> = fonts
                .face(*weight)
                .shape(text)
                .into_iter()
                .map(|g| {
                    KrillaGlyph::new(
                        GlyphId::new(g.glyph_id),
                        g.x_advance,
                        g.x_offset,
                        g.y_offset,
                        0.0,
                        g.range,
                        None,
                    )
                })
                .collect();
            if glyphs.is_empty() {
                return;
            }
            let font = match weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*grey)));
            surface.draw_glyphs(
                Point::from_xy(*x, *baseline),
                &glyphs,
                font,
                text,
                *size,
                false,
            );
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(*width, luma::Color::black().into())));
                surface.draw_path(&path);
            }
        }
        Op::Rect {
            x,
            y,
            width,
            height,
            fill: background,
            border,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, width.max(0.01), height.max(0.01)) else {
                return;
            };
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                surface.set_fill(background.map(fill));
                surface.set_stroke(border.map(|w| Stroke {
                    line_cap: LineCap::Butt,
                    line_join: LineJoin::Miter,
                    ..stroke(w, luma::Color::black().into())
                }));
                surface.draw_path(&path);
            }
        }
        Op::Ink { strokes, width } => {
            let mut path = PathBuilder::new();
            for points in strokes {
                let Some(&(x, y)) = points.first() else {
                    continue;
                };
                path.move_to(x, y);
                if points.len() == 1 {
                    // A dot: a tiny segment that the round cap turns into a point.
                    path.line_to(x + 0.01, y);
                }
                for &(x, y) in &points[1..] {
                    path.line_to(x, y);
                }
            }
            if let Some(path) = path.finish() {
                let (r, g, b) = INK;
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(
                    *width,
                    krilla::color::rgb::Color::new(r, g, b).into(),
                )));
                surface.draw_path(&path);
            }
        }
    }
}
