//! The little HTTP/1.1 the preview needs, on `std::net`: one request per connection (then the
//! connection closes, but for the event stream), read within 8 KiB and 5 seconds, answered with
//! a complete response. Written here rather than taken from tiny_http (the server under
//! typst-kit's `http-server` feature), which reads a header line of any length and starts a
//! thread for every connection: the preview bounds both.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The longest request head read (request line and headers).
const MAX_HEAD: usize = 8 * 1024;

/// A request, as far as the preview reads it.
#[derive(Debug, Default)]
pub struct Request {
    /// `GET`, `HEAD`…
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, without `?`.
    pub query: String,
    /// The `Host` header.
    pub host: Option<String>,
    /// The `If-None-Match` header.
    pub if_none_match: Option<String>,
}

impl Request {
    /// The value of `name` in the query (`page=3&x=12.5`), undecoded: the preview's values are
    /// numbers.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// Reads the head of one request from `stream`. `Err` holds the status to answer: 400 for what
/// is not HTTP, 431 for a head over 8 KiB, 408 when it does not come within 5 seconds.
pub fn read_request(stream: &mut TcpStream) -> Result<Request, u16> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|_| 400u16)?;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if head.len() > MAX_HEAD {
            return Err(431);
        }
        match stream.read(&mut buf) {
            Ok(0) => return Err(400),
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err(408)
            }
            Err(_) => return Err(400),
        }
    };
    if end > MAX_HEAD {
        return Err(431);
    }
    let text = std::str::from_utf8(&head[..end]).map_err(|_| 400u16)?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version)) = (first.next(), first.next(), first.next()) else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") || first.next().is_some() {
        return Err(400);
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut request =
        Request { method: method.to_string(), path: path.to_string(), query: query.to_string(), ..Request::default() };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { return Err(400) };
        let value = value.trim().to_string();
        if name.eq_ignore_ascii_case("host") {
            if request.host.is_some() {
                return Err(400); // two Host headers: which one a proxy saw is unknowable
            }
            request.host = Some(value);
        } else if name.eq_ignore_ascii_case("if-none-match") {
            request.if_none_match = Some(value);
        }
    }
    Ok(request)
}

/// A complete response.
pub struct Response<'a> {
    /// Status code.
    pub status: u16,
    /// Its media type.
    pub content_type: &'a str,
    /// More headers, `(name, value)`.
    pub headers: Vec<(&'a str, String)>,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Response<'a> {
    /// A response of `status` with `body` of type `content_type`.
    pub fn new(status: u16, content_type: &'a str, body: &'a [u8]) -> Self {
        Response { status, content_type, headers: Vec::new(), body }
    }

    /// A plain-text response (messages are French).
    pub fn text(status: u16, body: &'a str) -> Self {
        Response::new(status, "text/plain; charset=utf-8", body.as_bytes())
    }

    /// The response with one more header.
    pub fn with_header(mut self, name: &'a str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sends it on `stream` (the head alone for `HEAD`).
    pub fn send(&self, stream: &mut TcpStream, head_only: bool) -> std::io::Result<()> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\
             X-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        stream.write_all(out.as_bytes())?;
        if !head_only {
            stream.write_all(self.body)?;
        }
        stream.flush()
    }
}

/// The reason phrase of the statuses the preview answers.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}
