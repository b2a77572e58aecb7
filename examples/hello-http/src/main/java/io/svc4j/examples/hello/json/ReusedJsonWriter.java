package io.svc4j.examples.hello.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A byte buffer and a JSON generator writing into it, kept by a thread from one document to the
 * next. Jackson's {@code createGenerator} per document (its context, generator and buffers) showed
 * in the allocation profile with one access-log line and one JSON body per request; a kept
 * generator writes one root value per document with no separator, and the buffer is emptied before
 * each. Get one from a {@link PerThread}, give it back with {@link #release}.
 */
public final class ReusedJsonWriter {

  /** A buffer above this size (a deep stack trace, a big body) is left to the collector. */
  private static final int KEEP_AT_MOST = 16 * 1024;

  private final PerThread owner;
  private final Buffer out = new Buffer();
  private final JsonGenerator generator;
  private boolean inUse;

  private ReusedJsonWriter(PerThread owner) {
    this.owner = owner;
    try {
      generator = owner.factory.createGenerator(out, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    owner.configure.accept(generator);
    generator.setRootValueSeparator(null);
  }

  /** The writers of one kind of document, one per thread. */
  public static final class PerThread {
    private final JsonFactory factory;
    private final Consumer<JsonGenerator> configure;
    private final ThreadLocal<ReusedJsonWriter> writers = new ThreadLocal<>();

    /**
     * @param configure applied to each new generator (what {@code ObjectMapper} would apply)
     */
    public PerThread(JsonFactory factory, Consumer<JsonGenerator> configure) {
      this.factory = factory;
      this.configure = configure;
    }

    /**
     * This thread's writer, emptied and marked in use until {@link #release}. A fresh one when the
     * thread's is busy (a value's {@code toString} that logs while its line is being written) or
     * when the thread is virtual (a writer per short-lived virtual thread would be wasted memory).
     */
    public ReusedJsonWriter acquire() {
      if (Thread.currentThread().isVirtual()) {
        return new ReusedJsonWriter(this).take();
      }
      ReusedJsonWriter mine = writers.get();
      if (mine == null) {
        mine = new ReusedJsonWriter(this);
        writers.set(mine);
      } else if (mine.inUse) {
        return new ReusedJsonWriter(this).take();
      }
      return mine.take();
    }
  }

  private ReusedJsonWriter take() {
    inUse = true;
    out.reset();
    return this;
  }

  /** Where the document goes; bytes written here directly come before the generator's. */
  public ByteArrayOutputStream out() {
    return out;
  }

  public JsonGenerator generator() {
    return generator;
  }

  /** The finished document: what the generator wrote, then {@code suffix} if not negative. */
  public byte[] finish(int suffix) throws IOException {
    generator.flush();
    if (suffix >= 0) {
      out.write(suffix);
    }
    return out.toByteArray();
  }

  /**
   * Gives the writer back. After a failure half-way the generator's state is unknown, and after a
   * huge document the buffer is too big to keep: the thread then starts over with a new writer.
   */
  public void release(boolean failed) {
    inUse = false;
    if ((failed || out.capacity() > KEEP_AT_MOST) && owner.writers.get() == this) {
      owner.writers.remove();
    }
  }

  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(512);
    }

    int capacity() {
      return buf.length;
    }
  }
}
