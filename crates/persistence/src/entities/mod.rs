//! sea-orm entities, one module per table.

pub mod competence_area;
pub mod municipality;
