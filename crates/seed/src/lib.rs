//! Data made in code, beside the product rather than inside it: the demo
//! data a trial starts with and the bench data the benchmarks run on. Both
//! are built with the domain's commands and persistence's writers, the same
//! constructors the API's writes use.

pub mod bench;
pub mod demo;
mod demo_analyses;
mod demo_collaborations;
pub mod demo_companies;
mod demo_meetings;
mod demo_networks;
mod demo_offers;
pub mod demo_work;
