//! The self-check (assess): the answer scale, how questions are laid out on screens, the
//! scoring rule and the tier reached, and what to do next.

pub mod evidence;
pub mod review;
mod scale;
mod scoring;
mod screens;
mod state;

pub use scale::{Answer, AnswerError, MAX_TEXT};
pub use scoring::{ItemState, NextTier, Score, Scoring, next_steps, next_tier, score, tier};
pub use screens::{SHARED_SCREEN_MAX, Screen, screens};
pub use state::{AnswerOrigin, AssessmentState, UnknownState};
