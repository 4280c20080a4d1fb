# The samverka server. Built by docker-compose.yml; the build downloads only
# crates (Swagger UI is vendored in the binary).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin samverka

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/samverka --create-home samverka
COPY --from=build /src/target/release/samverka /usr/local/bin/samverka
USER samverka
WORKDIR /var/lib/samverka
ENV SAMVERKA_BIND=0.0.0.0:8080 SAMVERKA_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["samverka"]
CMD ["serve"]
