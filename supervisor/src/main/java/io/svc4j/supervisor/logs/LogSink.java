package io.svc4j.supervisor.logs;

import java.io.IOException;

/** One log file open for appending, as {@link LogDirectory#append} checked it. */
interface LogSink extends AutoCloseable {

  /** Size of the file when it was opened. */
  long initialSize();

  /** Appends all of {@code data[from, from + length)} or throws {@link LogWriteException}. */
  void write(byte[] data, int from, int length) throws LogWriteException;

  /** Cuts the file back to {@code length} bytes: what a failed write left half done. */
  void truncate(long length) throws IOException;

  @Override
  void close() throws IOException;
}
