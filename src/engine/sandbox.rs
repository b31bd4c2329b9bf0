//! Limits that end a script with an error, never the process: memory ([`crate::memory`],
//! checked between operations and before functions that allocate a size they are given),
//! nesting (values nested deeper than [`super::limits::NESTING`] are refused by everything that
//! walks them: printing, `debug`, JSON), interruption and the run's time limit (the host's
//! cancel flag).

use rhai::{Array, Blob, Dynamic, Engine, EvalAltResult, ImmutableString, Map, NativeCallContext, INT};

use super::{convert, registration};
use crate::catalog::Signature;
use crate::client::Cancel;
use crate::memory;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// Stops the script between operations when it is cancelled (Ctrl-C, or its time limit) or
/// holds more memory than allowed.
pub fn guard(engine: &mut Engine, cancel: Cancel) {
    let limit = super::limits::operations();
    engine.on_progress(move |operations| {
        if cancel.is_cancelled() {
            return Some(cancel.reason().to_string().into());
        }
        if let Err(message) = memory::check(0) {
            return Some(message.into());
        }
        work_done(operations, limit).err().map(Dynamic::from)
    });
}

thread_local! {
    /// The thread's allocations when the current evaluation began.
    static STARTED_AT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The error once a run's operations and the allocations its copying made together pass
/// `limit`: Rhai counts a deep copy of a value as one operation, so a script nesting a value
/// in itself again and again did quadratic work within the operation limit.
fn work_done(operations: u64, limit: u64) -> std::result::Result<(), String> {
    let made = memory::allocations();
    if operations <= 1 {
        STARTED_AT.with(|at| at.set(made));
    }
    let copies = made.saturating_sub(STARTED_AT.with(std::cell::Cell::get));
    if operations.saturating_add(copies) > limit {
        return Err(format!(
            "the script's operation limit of {limit} is exceeded ({operations} operations and {copies} copies of values)"
        ));
    }
    Ok(())
}

/// The signatures of the functions registered in place of Rhai's own.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "pad",
            &["value: array|string|blob".into(), "len: int".into(), "item: any".into()],
            &[],
            "Pads an array, string or BLOB to len with copies of item; more than the script's memory limit allows is an error.",
        ),
        Signature::new(
            "blob",
            &["len: int".into()],
            &["value: int".into()],
            "A BLOB of len bytes (value, or 0); more than the script's memory limit allows is an error.",
        ),
        Signature::new(
            "debug",
            &["value: map|array".into()],
            &[],
            "Shows a map or array on stderr as Rhai writes it; values nested deeper than 256 levels are an error.",
        ),
        Signature::new(
            "to_debug",
            &["value: map|array".into()],
            &[],
            "A map or array as Rhai writes it; values nested deeper than 256 levels are an error.",
        ),
        Signature::new(
            "append",
            &["value: string|array|blob".into(), "more: string|array|blob".into()],
            &[],
            "Appends more to value (as += does); more than the script's memory limit allows is an error.",
        ),
        Signature::new(
            "+=",
            &["value: string|array|blob".into(), "more: string|array|blob".into()],
            &[],
            "Appends more to value; more than the script's memory limit allows is an error.",
        ),
        Signature::new(
            "+",
            &["a: string|array|blob".into(), "b: string|array|blob".into()],
            &[],
            "a and b joined; more than the script's memory limit allows is an error.",
        ),
    ]
}

/// Registers, in place of Rhai's own, the functions that allocate a size they are given (with
/// a memory check first) and `debug` of maps and arrays (with a nesting check).
pub fn register(engine: &mut Engine) {
    let [pad, blob_of, debug, to_debug, append, add_assign, add] =
        <[Signature; 7]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("seven signatures"));
    registration(&pad, 3).register_into_engine(engine, pad_array);
    registration(&pad, 3).register_into_engine(engine, pad_string);
    registration(&pad, 3).register_into_engine(engine, pad_string_with);
    registration(&pad, 3).register_into_engine(engine, pad_blob);
    registration(&blob_of, 1).register_into_engine(engine, |ctx: NativeCallContext, len: INT| blob(&ctx, len, 0));
    registration(&blob_of, 2)
        .register_into_engine(engine, |ctx: NativeCallContext, len: INT, value: INT| blob(&ctx, len, value));
    for shown in [debug, to_debug] {
        registration(&shown, 1)
            .register_into_engine(engine, |v: &mut Map| convert::debug_text(&Dynamic::from(v.clone())));
        registration(&shown, 1)
            .register_into_engine(engine, |v: &mut Array| convert::debug_text(&Dynamic::from(v.clone())));
    }
    register_joins(engine, &[append, add_assign], &add);
}

/// Joining two strings, arrays or BLOBs (`+`, `+=`, `append`) in place of Rhai's own, with
/// the room for the result checked first: one join can double what a script holds, and the
/// limit is checked only between operations otherwise, so a doubling string went to twice the
/// limit and more before it was stopped. (Rhai's built-in operators are used for other types;
/// these overloads need them not to be taken first.)
fn register_joins(engine: &mut Engine, in_place: &[Signature], add: &Signature) {
    engine.set_fast_operators(false);
    for signature in in_place {
        registration(signature, 2).register_into_engine(
            engine,
            |ctx: NativeCallContext, a: &mut ImmutableString, b: ImmutableString| -> Result<()> {
                room_for(&ctx, a.len().saturating_add(b.len()))?;
                *a += b;
                Ok(())
            },
        );
        registration(signature, 2).register_into_engine(
            engine,
            |ctx: NativeCallContext, a: &mut Array, b: Array| -> Result<()> {
                room_for(&ctx, array_bytes(&b))?;
                a.extend(b);
                Ok(())
            },
        );
        registration(signature, 2).register_into_engine(
            engine,
            |ctx: NativeCallContext, a: &mut Blob, b: Blob| -> Result<()> {
                room_for(&ctx, b.len())?;
                a.extend(b);
                Ok(())
            },
        );
    }
    registration(add, 2).register_into_engine(
        engine,
        |ctx: NativeCallContext, a: ImmutableString, b: ImmutableString| -> Result<ImmutableString> {
            room_for(&ctx, a.len().saturating_add(b.len()))?;
            Ok(a + b)
        },
    );
    registration(add, 2).register_into_engine(engine, |ctx: NativeCallContext, a: Array, b: Array| -> Result<Array> {
        room_for(&ctx, array_bytes(&a).saturating_add(array_bytes(&b)))?;
        let mut joined = a;
        joined.extend(b);
        Ok(joined)
    });
    registration(add, 2).register_into_engine(engine, |ctx: NativeCallContext, a: Blob, b: Blob| -> Result<Blob> {
        room_for(&ctx, a.len().saturating_add(b.len()))?;
        let mut joined = a;
        joined.extend(b);
        Ok(joined)
    });
}

/// About what the items of an array take once copied into another.
fn array_bytes(items: &Array) -> usize {
    items.iter().map(|item| std::mem::size_of::<Dynamic>() + approximate_size(item)).fold(0, usize::saturating_add)
}

/// The error when growing by `bytes` would pass the memory limit.
fn room_for(ctx: &NativeCallContext, bytes: usize) -> Result<()> {
    memory::check(bytes).map_err(|message| EvalAltResult::ErrorTerminated(message.into(), ctx.call_position()).into())
}

/// A length argument as a count (negative ones are zero).
fn count(len: INT) -> usize {
    usize::try_from(len).unwrap_or(0)
}

/// `array.pad(len, item)`: appends copies of `item` until the array has `len` items.
fn pad_array(ctx: NativeCallContext, array: &mut Array, len: INT, item: Dynamic) -> Result<()> {
    let len = count(len);
    if len <= array.len() {
        return Ok(());
    }
    let each = std::mem::size_of::<Dynamic>() + approximate_size(&item);
    room_for(&ctx, (len - array.len()).saturating_mul(each))?;
    array.resize(len, item);
    Ok(())
}

/// `string.pad(len, character)`: appends the character until the string has `len` characters.
fn pad_string(ctx: NativeCallContext, string: &mut ImmutableString, len: INT, character: char) -> Result<()> {
    let (len, has) = (count(len), string.chars().count());
    if len <= has {
        return Ok(());
    }
    room_for(&ctx, (len - has).saturating_mul(character.len_utf8()))?;
    let text = string.make_mut();
    text.extend(std::iter::repeat_n(character, len - has));
    Ok(())
}

/// `string.pad(len, padding)`: appends copies of `padding` (the last one cut) until the
/// string has `len` characters.
fn pad_string_with(ctx: NativeCallContext, string: &mut ImmutableString, len: INT, padding: &str) -> Result<()> {
    let (len, has) = (count(len), string.chars().count());
    if len <= has || padding.is_empty() {
        return Ok(());
    }
    let widest = padding.chars().map(char::len_utf8).max().unwrap_or(1);
    room_for(&ctx, (len - has).saturating_mul(widest))?;
    let text = string.make_mut();
    text.extend(padding.chars().cycle().take(len - has));
    Ok(())
}

/// `blob.pad(len, value)`: appends the byte until the BLOB has `len` bytes.
fn pad_blob(ctx: NativeCallContext, blob: &mut Blob, len: INT, value: INT) -> Result<()> {
    let len = count(len);
    if len <= blob.len() {
        return Ok(());
    }
    room_for(&ctx, len - blob.len())?;
    blob.resize(len, low_byte(value));
    Ok(())
}

/// `blob(len[, value])`: a BLOB of `len` copies of the byte.
fn blob(ctx: &NativeCallContext, len: INT, value: INT) -> Result<Blob> {
    let len = count(len);
    room_for(ctx, len)?;
    Ok(vec![low_byte(value); len])
}

/// The low 8 bits, as Rhai's BLOB functions take them.
fn low_byte(value: INT) -> u8 {
    (value & 0xff) as u8
}

/// What a copy of a value costs beyond its own slot, roughly: a string's bytes; containers
/// count their slots, their contents one level down (enough for a limit to hold).
fn approximate_size(value: &Dynamic) -> usize {
    if let Some(s) = value.read_lock::<ImmutableString>() {
        return s.len();
    }
    if let Some(a) = value.read_lock::<Array>() {
        return a.len() * std::mem::size_of::<Dynamic>();
    }
    if let Some(m) = value.read_lock::<Map>() {
        return m.len() * (std::mem::size_of::<Dynamic>() + 32);
    }
    if let Some(b) = value.read_lock::<Blob>() {
        return b.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let mut engine = Engine::new();
        register(&mut engine);
        engine
    }

    #[test]
    fn pads_and_blobs_behave_as_rhais_own() {
        let engine = engine();
        let eval = |s: &str| engine.eval::<Dynamic>(s).map(|v| v.to_string()).unwrap_or_else(|e| e.to_string());
        assert_eq!(eval(r#"let s = "ab"; s.pad(5, '*'); s"#), "ab***");
        assert_eq!(eval(r#"let s = "hello"; s.pad(10, "(!)"); s"#), "hello(!)(!");
        assert_eq!(eval(r#"let s = "hello"; s.pad(3, "(!)"); s"#), "hello");
        assert_eq!(eval("let a = [1]; a.pad(3, 0); a.len()"), "3");
        assert_eq!(eval("let a = [1, 2]; a.pad(-1, 0); a.len()"), "2");
        assert_eq!(eval("let b = blob(3, 0x142); b.len() + b[0]"), "69");
        assert_eq!(eval("let b = blob(2); b.pad(4, 7); b[3]"), "7");
        assert_eq!(eval("blob(-3).len()"), "0");
    }

    #[test]
    fn debug_of_maps_and_arrays_reads_as_rhais_own() {
        let engine = engine();
        let text = engine.eval::<String>(r#"to_debug([1, "a", #{ b: [2.5, ()] }, true])"#).expect("debug");
        assert_eq!(text, r#"[1, "a", #{"b": [2.5, ()]}, true]"#);
    }

    #[test]
    fn debug_of_a_value_nested_too_deeply_is_an_error() {
        let engine = engine();
        let depth = super::super::limits::NESTING + 10;
        let error = engine.eval::<String>(&format!("let a = []; for i in 0..{depth} {{ a = [a]; }} to_debug(a)"));
        let error = error.expect_err("too deep");
        assert!(error.to_string().contains("nested deeper than"), "{error}");
    }
}
