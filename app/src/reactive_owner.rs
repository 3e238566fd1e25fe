//! The vendored reactive_graph's context lookup (`vendor/README.md`), checked from here since
//! vendored crates are not tested as ours.
//!
//! A page rendered on the server looks its contexts up through its owners' parents. When the
//! request is dropped (the browser went away) while the render still runs on another worker,
//! the lookup's own handle on a parent can be the last one. reactive_graph 0.2.16 then cleans
//! that parent up, children included, while it still holds the read lock of the owner it
//! started from: the worker thread deadlocks for good, and under load the server loses its
//! workers one by one.

use leptos::prelude::{Owner, provide_context, use_context, with_context};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

#[derive(Clone)]
struct Marker;

/// Whether `lookup` returns on its own thread within five seconds.
fn returns(lookup: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        lookup();
        done.send(()).ok();
    });
    finished.recv_timeout(Duration::from_secs(5)).is_ok()
}

/// A child owner whose parent provides [`Marker`] and whose parent's only strong handle is in
/// the returned slot (the child keeps a weak one).
fn child_of_droppable_parent() -> (Owner, Arc<Mutex<Option<Owner>>>) {
    let parent = Owner::new();
    parent.with(|| provide_context(Marker));
    let child = parent.child();
    (child, Arc::new(Mutex::new(Some(parent))))
}

#[test]
fn a_lookup_that_holds_the_last_handle_on_a_parent_returns() {
    let (child, parent) = child_of_droppable_parent();
    assert!(returns(move || {
        let found = child.with(|| {
            with_context::<Marker, _>(|_| {
                parent.lock().unwrap().take();
            })
        });
        assert!(found.is_some());
    }));
}

#[test]
fn contexts_are_still_found_through_every_parent() {
    let (child, _parent) = child_of_droppable_parent();
    let grandchild = child.child();
    assert!(grandchild.with(use_context::<Marker>).is_some());
    assert!(grandchild.with(use_context::<String>).is_none());
}
