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
    engine.on_progress(move |_| {
        if cancel.is_cancelled() {
            return Some(cancel.reason().to_string().into());
        }
        memory::check(0).err().map(Dynamic::from)
    });
}

/// The signatures of the functions registered in place of Rhai's own.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "pad",
            &["value: array|string|blob".into(), "len: int".into(), "item: Dynamic".into()],
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
    ]
}

/// Registers, in place of Rhai's own, the functions that allocate a size they are given (with
/// a memory check first) and `debug` of maps and arrays (with a nesting check).
pub fn register(engine: &mut Engine) {
    let [pad, blob_of, debug, to_debug] =
        <[Signature; 4]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("four signatures"));
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
