package io.vista.core.data;

/** Turns whatever jHDF, the JDK or a filter threw into a one-line {@link DataException}. */
final class Errors {
  private Errors() {}

  /**
   * A {@link DataException} saying {@code context: reason}, keeping {@code cause}. A cause that
   * already is a {@link DataException} contributes its message; any other cause contributes its
   * type and first message line (jHDF's messages are often multi-line or empty).
   */
  static DataException wrap(String context, Throwable cause) {
    return new DataException(context + ": " + reason(cause), cause);
  }

  /** One line describing {@code t}. */
  static String reason(Throwable t) {
    if (t instanceof DataException) {
      return t.getMessage();
    }
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      Throwable cause = t.getCause();
      return cause == null || cause == t ? type : type + " (" + reason(cause) + ")";
    }
    int newline = message.indexOf('\n');
    String firstLine = newline < 0 ? message : message.substring(0, newline);
    return type + ": " + firstLine.strip();
  }
}
