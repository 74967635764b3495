package io.vista.core.internal.compat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert stand-in for a Python object that {@link PickleReader} does not know how to build:
 * any call ({@code REDUCE}) or instantiation ({@code NEWOBJ}) of a global that is not on the
 * reader's short list of safe, data-only types. It records what the pickle asked for -- the
 * callable's name, its arguments, the {@code BUILD} state and any items appended or set on it --
 * and nothing is ever executed. A dict subclass the reader does not know by name therefore shows
 * up as a placeholder whose {@link #dictItems()} hold the entries.
 */
public final class PickledObject {
  private final String type;
  private final List<Object> args;
  private final Map<Object, Object> dictItems = new LinkedHashMap<>();
  private final List<Object> listItems = new ArrayList<>();
  private Object state;
  private boolean hasState;

  /**
   * @param type what was called or instantiated, normally a global's qualified name
   * @param args the positional arguments the pickle supplied (unmodifiable copy kept)
   */
  public PickledObject(String type, List<Object> args) {
    this.type = type;
    this.args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  /** The qualified name of the callable or class, e.g. {@code posix.system}. */
  public String type() {
    return type;
  }

  /** The positional arguments the pickle passed to the callable (or to {@code __new__}). */
  public List<Object> args() {
    return args;
  }

  /** The argument of {@code BUILD} (usually the instance {@code __dict__}), or null. */
  public Object state() {
    return state;
  }

  /** True when the pickle applied {@code BUILD} to this object. */
  public boolean hasState() {
    return hasState;
  }

  /** Entries added with {@code SETITEM(S)}: non-empty for dict subclasses (unmodifiable view). */
  public Map<Object, Object> dictItems() {
    return Collections.unmodifiableMap(dictItems);
  }

  /** Elements added with {@code APPEND(S)}: non-empty for list subclasses (unmodifiable view). */
  public List<Object> listItems() {
    return Collections.unmodifiableList(listItems);
  }

  void setState(Object s) {
    state = s;
    hasState = true;
  }

  void putItem(Object key, Object value) {
    dictItems.put(key, value);
  }

  void addItem(Object value) {
    listItems.add(value);
  }

  @Override
  public String toString() {
    return "PickledObject[" + type + "]";
  }
}
