package io.svc4j.examples.hello.api;

import io.svc4j.examples.hello.http.Exchange;
import io.svc4j.examples.hello.http.HttpError;
import io.svc4j.examples.hello.http.Router;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory CRUD resource at {@code /api/items}: the "small JSON REST API" of the example. */
public final class ItemsApi {

  /** A stored item. */
  public record Item(long id, String name, boolean done) {}

  /** What a client sends to create or replace an item. */
  public record ItemInput(String name, Boolean done) {}

  private static final int MAX_NAME = 200;

  private final ConcurrentSkipListMap<Long, Item> items = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();

  public void register(Router router) {
    router.get("/api/items", ex -> ex.sendJson(200, Map.of("items", List.copyOf(items.values()))));
    router.post(
        "/api/items",
        ex -> {
          ItemInput in = validated(ex.readJson(ItemInput.class));
          long id = ids.incrementAndGet();
          Item item = new Item(id, in.name(), Boolean.TRUE.equals(in.done()));
          items.put(id, item);
          ex.response().getHeaders().put("Location", "/api/items/" + id);
          ex.sendJson(201, item);
        });
    router.get("/api/items/{id}", ex -> ex.sendJson(200, existing(ex)));
    router.put(
        "/api/items/{id}",
        ex -> {
          Item old = existing(ex);
          ItemInput in = validated(ex.readJson(ItemInput.class));
          Item item = new Item(old.id(), in.name(), Boolean.TRUE.equals(in.done()));
          if (items.replace(old.id(), item) == null) {
            throw new HttpError(404, "item " + old.id() + " was deleted meanwhile");
          }
          ex.sendJson(200, item);
        });
    router.delete(
        "/api/items/{id}",
        ex -> {
          long id = id(ex);
          if (items.remove(id) == null) {
            throw new HttpError(404, "no item " + id);
          }
          ex.sendEmpty(204);
        });
  }

  private Item existing(Exchange ex) {
    long id = id(ex);
    Item item = items.get(id);
    if (item == null) {
      throw new HttpError(404, "no item " + id);
    }
    return item;
  }

  private static long id(Exchange ex) {
    String raw = ex.pathParam("id");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "item id must be a number, got '" + raw + "'");
    }
  }

  private static ItemInput validated(ItemInput in) {
    if (in == null) {
      throw new HttpError(400, "request body must be a JSON object");
    }
    if (in.name() == null || in.name().isBlank()) {
      throw new HttpError(400, "field 'name' is required and must not be blank");
    }
    if (in.name().length() > MAX_NAME) {
      throw new HttpError(400, "field 'name' is longer than " + MAX_NAME + " characters");
    }
    return in;
  }
}
