//! Prometheus metrics: request counts and latency histograms by method,
//! route pattern (never the raw path, so the label set stays small) and
//! status; the build; the database pool; and the process (Linux's /proc).

use prometheus::{
    Encoder, Gauge, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use std::time::Duration;

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_open: IntGauge,
    pool_idle: IntGauge,
    resident: IntGauge,
    cpu: Gauge,
    open_fds: IntGauge,
}

impl Metrics {
    pub fn new(version: &str) -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("samverka".to_owned()), None)?;
        let labels = ["method", "route", "status"];
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by method, route and status"),
            &labels,
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer an HTTP request")
                .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &labels,
        )?;
        let build = IntGaugeVec::new(Opts::new("build_info", "The running build (always 1)"), &["version"])?;
        build.with_label_values(&[version]).set(1);
        let pool_open = IntGauge::new("db_pool_connections", "Open database connections in the pool")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections in the pool")?;
        let resident = IntGauge::new("process_resident_memory_bytes", "Resident memory of the server process")?;
        let cpu = Gauge::new("process_cpu_seconds_total", "CPU time the server process has used (user and system)")?;
        let open_fds = IntGauge::new("process_open_fds", "Open file descriptors of the server process")?;
        let start = IntGauge::new("process_start_time_seconds", "When the server process started (Unix time)")?;
        start.set(chrono::Utc::now().timestamp());
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        for gauge in [pool_open.clone(), pool_idle.clone(), resident.clone(), open_fds.clone(), start] {
            registry.register(Box::new(gauge))?;
        }
        registry.register(Box::new(build))?;
        registry.register(Box::new(cpu.clone()))?;
        Ok(Metrics { registry, requests, latency, pool_open, pool_idle, resident, cpu, open_fds })
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(elapsed.as_secs_f64());
    }

    /// The metrics in Prometheus' text exposition format, with the pool's
    /// connections (open, idle) and the process read now.
    pub fn render(&self, (open, idle): (u32, usize)) -> Result<String, prometheus::Error> {
        self.pool_open.set(i64::from(open));
        self.pool_idle.set(idle as i64);
        self.read_process();
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Resident memory, CPU time and open files from /proc (Linux; left as
    /// they are elsewhere).
    fn read_process(&self) {
        if let Ok(status) = std::fs::read_to_string("/proc/self/status")
            && let Some(kib) = status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<i64>().ok())
        {
            self.resident.set(kib * 1024);
        }
        if let Ok(stat) = std::fs::read_to_string("/proc/self/stat") {
            // After the command in parentheses: utime and stime are fields 14 and 15.
            let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
            let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
            // Fields counted from the state (field 3) at index 0; the clock ticks 100 per second on Linux.
            self.cpu.set((ticks(11) + ticks(12)) / 100.0);
        }
        if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
            self.open_fds.set(entries.count() as i64);
        }
    }
}
