//! End-to-end tests: each test starts the real server on port 0 with a fresh
//! database (SQLite by default; PostgreSQL when SAMVERKA_TEST_POSTGRES_URL is
//! set) and speaks HTTP to it like a client would.

#![allow(clippy::expect_used, clippy::unwrap_used)]
mod api_clients;
mod at_rest;
mod audit;
mod auth;
mod caches;
mod collaborations;
mod companies;
mod conditional;
mod errors;
mod events;
mod first_hour;
mod hardening;
mod health;
mod helpers;
mod mail;
mod meetings;
mod needs;
mod networks;
mod offers;
mod officer_work;
mod openapi;
mod reference_data;
mod reference_writes;
mod reports;
mod roles;
mod security;
mod sign_in;
mod swagger_ui;
mod users;
