//! Dragging a ticket row onto a unit card, with pointer events (and mouse events for engines
//! that send only those) and `elementFromPoint` hit-testing. Not the HTML5 drag-and-drop
//! API: touch wall screens do not send it and WebDriver cannot synthesise it.
//!
//! A press on a row arms the drag; it starts once the pointer has moved a few pixels (so a
//! click still selects the row); window-wide listeners follow the pointer, highlight the
//! card under it and, on release over a card, hand the row and the card's unit code on.

use leptos::ev;
use leptos::prelude::*;
use wangge_api::TicketRow;

/// How far (CSS pixels) the pointer must travel before a press becomes a drag.
const THRESHOLD_PX: f64 = 6.0;

/// The ghost's widest (as in the stylesheet's `.drag-ghost { max-width }`).
const GHOST_MAX_WIDTH_PX: f64 = 420.0;

/// The attribute that makes an element a drop target; its value is the unit code.
pub const TARGET_ATTRIBUTE: &str = "data-unit-code";

/// One press-and-maybe-drag in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Drag {
    pub row: TicketRow,
    start: (f64, f64),
    /// Where the pointer is now (viewport coordinates).
    pub at: (f64, f64),
    /// Past the threshold: a drag, not a click.
    pub moving: bool,
    /// The unit code of the card under the pointer.
    pub over: Option<String>,
}

/// The drag state of one board, and what to do on a drop.
#[derive(Clone, Copy)]
pub struct Dragger {
    pub state: RwSignal<Option<Drag>>,
    /// Set by a drop, so the click that some engines send after the release is not taken
    /// as selecting a row; cleared by the next press.
    dropped: StoredValue<bool>,
}

impl Dragger {
    /// Makes the state and listens on the window for the pointer's moves and release for as
    /// long as the calling component lives. `on_drop(row, unit)` runs on a release over a card.
    pub fn install(on_drop: Callback<(TicketRow, String)>) -> Self {
        let dragger = Dragger { state: RwSignal::new(None), dropped: StoredValue::new(false) };
        let moved = move |x: f64, y: f64, event: &web_sys::Event| {
            if dragger.state.try_with_untracked(|s| s.is_some()) != Some(true) {
                return;
            }
            let over = hit(x, y);
            dragger.state.update(|state| {
                if let Some(drag) = state.as_mut() {
                    drag.at = (x, y);
                    let (dx, dy) = (x - drag.start.0, y - drag.start.1);
                    if !drag.moving && dx.hypot(dy) >= THRESHOLD_PX {
                        drag.moving = true;
                    }
                    if drag.moving {
                        drag.over = over;
                    }
                }
            });
            // No text selection while dragging.
            if dragger.state.with_untracked(|s| s.as_ref().is_some_and(|d| d.moving)) {
                event.prevent_default();
            }
        };
        let released = move |x: f64, y: f64| {
            let Some(Some(drag)) = dragger.state.try_get_untracked() else {
                return;
            };
            dragger.state.set(None);
            if drag.moving {
                dragger.dropped.set_value(true);
                if let Some(unit) = hit(x, y) {
                    on_drop.run((drag.row, unit));
                }
            }
        };
        let handles = [
            window_event_listener(ev::pointermove, move |e| moved(f64::from(e.client_x()), f64::from(e.client_y()), &e)),
            window_event_listener(ev::mousemove, move |e| moved(f64::from(e.client_x()), f64::from(e.client_y()), &e)),
            window_event_listener(ev::pointerup, move |e| released(f64::from(e.client_x()), f64::from(e.client_y()))),
            window_event_listener(ev::mouseup, move |e| released(f64::from(e.client_x()), f64::from(e.client_y()))),
            window_event_listener(ev::pointercancel, move |_| {
                let _ = dragger.state.try_set(None);
            }),
        ];
        on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
        dragger
    }

    /// A press on a row (primary button or a touch). A mouse press that follows the pointer
    /// press of the same gesture finds the drag already armed and changes nothing.
    pub fn press(self, row: TicketRow, x: f64, y: f64, button: i16) {
        if button != 0 || self.state.with_untracked(Option::is_some) {
            return;
        }
        self.dropped.set_value(false);
        self.state.set(Some(Drag { row, start: (x, y), at: (x, y), moving: false, over: None }));
    }

    /// Whether a click on a row is really the end of a drag (and must not select it).
    pub fn swallow_click(self) -> bool {
        let was = self.dropped.get_value();
        self.dropped.set_value(false);
        was
    }

    /// The id of the row being dragged (past the threshold).
    pub fn dragging_id(self) -> Option<i64> {
        self.state.with(|s| s.as_ref().filter(|d| d.moving).map(|d| d.row.id))
    }

    /// The unit code of the card under a dragged row.
    pub fn over(self) -> Option<String> {
        self.state.with(|s| s.as_ref().and_then(|d| d.over.clone()))
    }
}

/// The unit code of the drop target at a viewport point (the ghost under the pointer has
/// `pointer-events: none`, so it is never the hit).
fn hit(x: f64, y: f64) -> Option<String> {
    let element = document().element_from_point(x as f32, y as f32)?;
    let target = element.closest(&format!("[{TARGET_ATTRIBUTE}]")).ok()??;
    target.get_attribute(TARGET_ATTRIBUTE).filter(|code| !code.is_empty())
}

/// The row that follows the pointer while dragging.
#[component]
pub fn DragGhost(dragger: Dragger) -> impl IntoView {
    move || {
        dragger.state.with(|state| {
            state.as_ref().filter(|d| d.moving).map(|drag| {
                let (x, y) = drag.at;
                // Beside the pointer, on its left near the window's right edge.
                let width = window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(f64::MAX);
                let style = if x + GHOST_MAX_WIDTH_PX + 14.0 > width {
                    format!("left: {:.0}px; top: {:.0}px; transform: translateX(-100%)", x - 14.0, y + 10.0)
                } else {
                    format!("left: {:.0}px; top: {:.0}px", x + 14.0, y + 10.0)
                };
                view! {
                    <div class="drag-ghost" data-drag-ticket-id=drag.row.id style=style>
                        <span class="ticket-id">"#" {drag.row.id}</span>
                        <span>{drag.row.category_in(crate::i18n::language()).to_string()}</span>
                        <span class="ghost-summary" translate="no">{drag.row.summary.clone()}</span>
                    </div>
                }
            })
        })
    }
}
