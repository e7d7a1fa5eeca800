//! The middle step of every glue function: run core work without the GIL, on the requested
//! number of threads, and turn a panic into a Python exception instead of a crash.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc};

use pyo3::prelude::*;

use crate::corpus::{thread_pool, with_threads};
use crate::error::{Error, Result};

pub fn run<T, F>(py: Python<'_>, threads: Option<usize>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T> + Send,
{
    py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| with_threads(threads, work)))
            .unwrap_or_else(|payload| Err(Error::Internal(panic_message(payload.as_ref()))))
            .and_then(|result| result)
    })
    .map_err(PyErr::from)
}

/// Like [`run`], with `meanwhile` done on this thread, holding the GIL, while `work` runs on
/// the pool: Python objects the result will need are made while the core computes it.
pub fn run_beside<T, M, F>(
    py: Python<'_>,
    threads: Option<usize>,
    work: F,
    meanwhile: impl FnOnce(Python<'_>) -> PyResult<M>,
) -> PyResult<(T, M)>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let pool = Pool::new(threads)?;
    let (sender, receiver) = mpsc::channel();
    pool.spawn_and_wait_started(py, move || {
        let output = catch_unwind(AssertUnwindSafe(work))
            .unwrap_or_else(|payload| Err(Error::Internal(panic_message(payload.as_ref()))));
        // The receiver is gone only if `meanwhile` failed; the output is then unwanted.
        let _ = sender.send(output);
    });
    let made = meanwhile(py)?;
    let output = py.detach(move || {
        receiver
            .recv()
            .map_err(|_| Error::Internal("a worker stopped without answering".into()))
            .and_then(|output| output)
    })?;
    Ok((output, made))
}

/// Python items converted per chunk of pipelined work.
pub const PIPELINE_CHUNK: usize = 256;

/// Like [`run`] for a Python iterable of inputs: converting them to Rust values needs the GIL
/// and cannot be parallel, so chunks are handed to the pool as soon as they are converted,
/// and the conversion of the next chunk overlaps the work on the previous ones. Outputs come
/// back in input order. With `threads == Some(1)` nothing overlaps: convert, then work, on
/// this one thread.
pub fn run_pipelined<In, Out, W>(
    py: Python<'_>,
    threads: Option<usize>,
    items: &Bound<'_, PyAny>,
    mut convert: impl FnMut(usize, &Bound<'_, PyAny>) -> PyResult<In>,
    work: W,
) -> PyResult<Vec<Out>>
where
    In: Send + 'static,
    Out: Send + 'static,
    W: Fn(Vec<In>) -> Vec<Out> + Send + Sync + 'static,
{
    if threads == Some(1) {
        let mut inputs = Vec::new();
        for (index, item) in items.try_iter()?.enumerate() {
            inputs.push(convert(index, &item?)?);
        }
        return run(py, Some(1), move || Ok(work(inputs)));
    }
    let pool = Pool::new(threads)?;
    let work = Arc::new(work);
    let (sender, receiver) = mpsc::channel();
    let mut chunks = 0usize;
    let mut chunk = Vec::with_capacity(PIPELINE_CHUNK);
    let spawn = |chunk: Vec<In>, number: usize| {
        let (work, sender) = (work.clone(), sender.clone());
        pool.spawn(move || {
            let outputs = catch_unwind(AssertUnwindSafe(|| work(chunk)))
                .map_err(|payload| Error::Internal(panic_message(payload.as_ref())));
            // The receiver is gone only if conversion failed; the outputs are then unwanted.
            let _ = sender.send((number, outputs));
        });
    };
    for (index, item) in items.try_iter()?.enumerate() {
        chunk.push(convert(index, &item?)?);
        if chunk.len() == PIPELINE_CHUNK {
            spawn(
                std::mem::replace(&mut chunk, Vec::with_capacity(PIPELINE_CHUNK)),
                chunks,
            );
            chunks += 1;
        }
    }
    if !chunk.is_empty() {
        spawn(chunk, chunks);
        chunks += 1;
    }
    drop(sender);
    py.detach(move || {
        let mut done: Vec<Option<Vec<Out>>> = (0..chunks).map(|_| None).collect();
        for _ in 0..chunks {
            let (number, outputs) = receiver
                .recv()
                .map_err(|_| Error::Internal("a worker stopped without answering".into()))?;
            done[number] = Some(outputs?);
        }
        Ok(done.into_iter().flatten().flatten().collect())
    })
    .map_err(|error: Error| error.into())
}

/// How [`run_chunks_bounded`] cuts its inputs: `chunk` items a piece, at most `in_flight`
/// pieces converted and not yet reduced.
#[derive(Clone, Copy, Debug)]
pub struct Chunking {
    pub chunk: usize,
    pub in_flight: usize,
}

/// Like [`run_pipelined`], for more inputs than should be held at once. Items are converted
/// `chunk` at a time with the GIL and each chunk is handed to the pool as soon as it is
/// converted, so conversion overlaps the work; at most `in_flight` chunks are converted and not
/// yet handed on. Finished outputs go to `sink` in input order, a group of up to `in_flight`
/// at a time, on the pool with the GIL released: a stream is reduced as it is read.
pub fn run_chunks_bounded<In, Out, W, S>(
    py: Python<'_>,
    threads: Option<usize>,
    items: &Bound<'_, PyAny>,
    Chunking { chunk, in_flight }: Chunking,
    mut convert: impl FnMut(usize, &Bound<'_, PyAny>) -> PyResult<In>,
    work: W,
    mut sink: S,
) -> PyResult<()>
where
    In: Send + 'static,
    Out: Send + 'static,
    W: Fn(Vec<In>) -> Out + Send + Sync + 'static,
    S: FnMut(Vec<Out>) -> Result<()> + Send,
{
    let chunk = chunk.max(1);
    let in_flight = in_flight.max(1);
    let pool = Pool::new(threads)?;
    let work = Arc::new(work);
    let (sender, receiver) = mpsc::channel::<(usize, Result<Out>)>();
    // Only this thread receives; the lock makes the receiver shareable with `detach`.
    let receiver = std::sync::Mutex::new(receiver);
    // Outputs that arrived before an earlier chunk's, by chunk number; then outputs in order,
    // waiting for a group large enough to sink.
    let mut early: std::collections::BTreeMap<usize, Out> = Default::default();
    let mut ready: Vec<Out> = Vec::new();
    let mut next_out = 0usize;
    let mut spawned = 0usize;
    let group = in_flight.div_ceil(2);
    // Takes outputs until fewer than `in_flight` chunks are out (all of them when `all`).
    let mut drain = |py: Python<'_>, spawned: usize, all: bool| -> PyResult<()> {
        py.detach(|| {
            while next_out < spawned && (all || spawned - next_out >= in_flight) {
                let (number, output) = receiver
                    .lock()
                    .ok()
                    .and_then(|r| r.recv().ok())
                    .ok_or_else(|| Error::Internal("a worker stopped without answering".into()))?;
                early.insert(number, output?);
                while let Some(output) = early.remove(&next_out) {
                    ready.push(output);
                    next_out += 1;
                }
                if ready.len() >= group {
                    sink_guarded(&pool, &mut sink, std::mem::take(&mut ready))?;
                }
            }
            if all && !ready.is_empty() {
                sink_guarded(&pool, &mut sink, std::mem::take(&mut ready))?;
            }
            Ok(())
        })
        .map_err(|error: Error| PyErr::from(error))
    };
    let spawn = |inputs: Vec<In>, number: usize| {
        let (work, sender) = (work.clone(), sender.clone());
        pool.spawn(move || {
            let output = catch_unwind(AssertUnwindSafe(|| work(inputs)))
                .map_err(|payload| Error::Internal(panic_message(payload.as_ref())));
            // The receiver is gone only if conversion failed; the output is then unwanted.
            let _ = sender.send((number, output));
        });
    };
    let mut inputs = Vec::with_capacity(chunk);
    for (index, item) in items.try_iter()?.enumerate() {
        inputs.push(convert(index, &item?)?);
        if inputs.len() == chunk {
            spawn(
                std::mem::replace(&mut inputs, Vec::with_capacity(chunk)),
                spawned,
            );
            spawned += 1;
            drain(py, spawned, false)?;
        }
    }
    if !inputs.is_empty() {
        spawn(inputs, spawned);
        spawned += 1;
    }
    drain(py, spawned, true)
}

fn sink_guarded<Out: Send>(
    pool: &Pool,
    sink: &mut (impl FnMut(Vec<Out>) -> Result<()> + Send),
    outputs: Vec<Out>,
) -> Result<()> {
    pool.install(|| {
        catch_unwind(AssertUnwindSafe(|| sink(outputs)))
            .unwrap_or_else(|p| Err(Error::Internal(panic_message(p.as_ref()))))
    })
}

/// Where pipelined chunks run: rayon's global pool, or one of `threads` threads.
enum Pool {
    Global,
    Own(Arc<rayon::ThreadPool>),
}

impl Pool {
    fn new(threads: Option<usize>) -> Result<Self> {
        match threads {
            None => Ok(Pool::Global),
            Some(n) => thread_pool(n).map(Pool::Own),
        }
    }

    fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        match self {
            Pool::Global => rayon::spawn(job),
            Pool::Own(pool) => pool.spawn(job),
        }
    }

    /// Spawns `job` and waits, without the GIL, until a pool thread has begun it. A pool
    /// thread woken while this thread computes can sit queued behind it until this thread
    /// next blocks (seen on the 2-core VMs: the weighing handed to the pool started only once
    /// the vocabulary list was made, 1.2 ms later); this short sleep lets it start at once.
    fn spawn_and_wait_started(&self, py: Python<'_>, job: impl FnOnce() + Send + 'static) {
        let (started, has_started) = mpsc::sync_channel::<()>(1);
        self.spawn(move || {
            let _ = started.send(());
            job();
        });
        py.detach(move || {
            // An error means the job was dropped unstarted: nothing to wait for.
            let _ = has_started.recv();
        });
    }

    fn install<R: Send>(&self, job: impl FnOnce() -> R + Send) -> R {
        match self {
            Pool::Global => job(),
            Pool::Own(pool) => pool.install(job),
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic with no message".to_owned()
    }
}

/// Panics inside the guarded runner: lets the tests prove that a panic in the core reaches
/// Python as `InternalError` and leaves the interpreter running.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>, message: String) -> PyResult<()> {
    run(py, None, move || -> Result<()> { panic!("{message}") })
}
