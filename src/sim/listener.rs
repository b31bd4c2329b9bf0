//! Connections that cannot be held open for nothing: a client that stops sending (an idle
//! keep-alive, or a request stalled halfway through its headers or body) or stops reading
//! is disconnected after the configured time, so a slow or hostile client cannot pin the
//! emulator's connections.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio_io_timeout::TimeoutStream;

/// A TCP listener whose connections time out when they stall.
#[derive(Debug)]
pub struct Patient {
    inner: TcpListener,
    idle: Duration,
}

impl Patient {
    /// Wraps a bound listener; connections stalled for `idle` are closed.
    pub fn new(inner: TcpListener, idle: Duration) -> Self {
        Patient { inner, idle }
    }
}

impl axum::serve::Listener for Patient {
    type Io = Pin<Box<TimeoutStream<TcpStream>>>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    let mut stream = TimeoutStream::new(stream);
                    stream.set_read_timeout(Some(self.idle));
                    stream.set_write_timeout(Some(self.idle));
                    return (Box::pin(stream), addr);
                }
                // Out of file descriptors and the like: wait for some to close, as axum does.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}
