package io.vista.eval.report;

import io.vista.core.Provenance;
import io.vista.core.sae.SaeModel;
import io.vista.core.sae.SaeSetting;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code metadata} block, after the Python's {@code src.utils.build_metadata} (UTC ISO timestamp, the
 * arguments as strings) with what a reader needs to trace a result: the tool and its version, the checkpoint
 * (path, format, variant, sizes), the data file, split and feature key, and the Java runtime.
 */
public final class Metadata {
  private Metadata() {}

  /** The version of vista-eval from its Maven descriptor, or "unknown" when run from classes. */
  public static String toolVersion() {
    try (InputStream in = Metadata.class.getResourceAsStream(
        "/META-INF/maven/io.vista/vista-eval/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code datetime.now(timezone.utc).isoformat()}: e.g. {@code 2025-01-31T12:00:00.123456+00:00}. */
  public static String timestamp(Instant now) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC).format(now);
  }

  /**
   * A description of a loaded SAE for the metadata: path, format, variant, sizes, the settings
   * that apply to its variant, and what loading noted.
   */
  public static Map<String, Object> checkpoint(SaeModel sae) {
    Map<String, Object> m = new LinkedHashMap<>();
    Provenance p = sae.provenance();
    m.put("path", p.source() == null ? null : p.source().toString());
    m.put("format", p.format().label());
    m.put("variant", sae.spec().variant().configName());
    m.put("d_in", sae.spec().dIn());
    m.put("d_sae", sae.spec().dSae());
    for (SaeSetting s : SaeSetting.values()) {
      if (s.appliesTo(sae.spec().variant()) && s.defaultValue() != null && s != SaeSetting.VARIANT) {
        m.put(s.key(), s.get(sae.spec()));
      }
    }
    m.putAll(p.notes());
    return m;
  }

  /**
   * The metadata tree.
   *
   * @param command the sub-command ("evaluate", "sae-latents")
   * @param checkpoint a description of the checkpoint (path, format, variant, ...)
   * @param extra further entries (data file, split, feature key, ...), in order
   * @param args the arguments as given, by option name
   */
  public static Map<String, Object> of(
      String command, Map<String, Object> checkpoint, Map<String, Object> extra, Map<String, String> args) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", "vista-eval " + command);
    m.put("version", toolVersion());
    m.put("timestamp", timestamp(Instant.now()));
    m.put("java", System.getProperty("java.version"));
    m.put("checkpoint", checkpoint);
    m.putAll(extra);
    m.put("args", new LinkedHashMap<>(args));
    return m;
  }
}
