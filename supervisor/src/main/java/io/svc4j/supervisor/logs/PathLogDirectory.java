package io.svc4j.supervisor.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Windows: files are worked on by path, never through a link ({@link LinkOption#NOFOLLOW_LINKS});
 * who may write the directory is the business of its DACL (see docs/windows.md).
 */
final class PathLogDirectory implements LogDirectory {

  private final Path path;

  private PathLogDirectory(Path path) {
    this.path = path;
  }

  static PathLogDirectory open(Path dir) throws IOException {
    Path path = dir.toAbsolutePath().normalize();
    Files.createDirectories(path);
    return new PathLogDirectory(path);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public LogSink append(String name) throws IOException {
    Path file = plain(name);
    FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    long size = channel.size();
    return new LogSink() {
      @Override
      public long initialSize() {
        return size;
      }

      @Override
      public void write(byte[] data, int from, int length) throws LogWriteException {
        try {
          ByteBuffer buffer = ByteBuffer.wrap(data, from, length);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        } catch (IOException e) {
          String message = String.valueOf(e.getMessage());
          throw new LogWriteException(
              "cannot write '" + file + "': " + message,
              message.toLowerCase(Locale.ROOT).contains("space"));
        }
      }

      @Override
      public void truncate(long length) throws IOException {
        channel.truncate(length);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public LogSink appendFresh(String name) throws IOException {
    Files.deleteIfExists(path.resolve(name));
    return append(name);
  }

  @Override
  public InputStream read(String name) throws IOException {
    return Files.newInputStream(plain(name), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public OutputStream create(String name) throws IOException {
    Path file = path.resolve(name);
    Files.deleteIfExists(file);
    return Channels.newOutputStream(
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS));
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Files.move(
        path.resolve(from),
        path.resolve(to),
        StandardCopyOption.REPLACE_EXISTING,
        LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public boolean delete(String name) throws IOException {
    return Files.deleteIfExists(path.resolve(name));
  }

  @Override
  public boolean exists(String name) {
    return Files.exists(path.resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void close() {}

  /** The path of {@code name}, refusing a link or anything but a plain file already there. */
  private Path plain(String name) throws IOException {
    Path file = path.resolve(name);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ForeignEntryException("'" + file + "' is a link or not a plain file: remove it");
    }
    return file;
  }
}
