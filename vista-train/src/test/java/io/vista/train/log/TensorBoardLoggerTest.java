package io.vista.train.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** Reads the event file back as TFRecords of Event protos, as TensorBoard does. */
class TensorBoardLoggerTest {
  @Test
  void writesScalarsTensorBoardCanRead(@TempDir Path dir) throws IOException {
    try (TensorBoardLogger tb = new TensorBoardLogger(dir)) {
      tb.log(10, 0, Map.of("train/loss", 0.5));
      tb.log(20, 0, Map.of("train/loss", 0.25, "train/l0_norm", 64.0));
      tb.flush();
    }
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).toList();
    }
    assertEquals(1, files.size());
    Map<String, Float> last = new HashMap<>();
    Map<String, Long> lastStep = new HashMap<>();
    for (byte[] record : readRecords(files.get(0))) {
      Event e = Event.parseFrom(record);
      if (e.hasSummary()) {
        for (Summary.Value v : e.getSummary().getValueList()) {
          // Scalars written by WriteScalarSummary arrive as simple_value.
          last.put(v.getTag(), v.getSimpleValue());
          lastStep.put(v.getTag(), e.getStep());
        }
      }
    }
    assertEquals(0.25f, last.get("train/loss"));
    assertEquals(64f, last.get("train/l0_norm"));
    assertEquals(20L, lastStep.get("train/loss"));
  }

  /** TFRecord framing: u64 length, u32 crc, payload, u32 crc (little-endian). */
  private static List<byte[]> readRecords(Path file) throws IOException {
    List<byte[]> out = new java.util.ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        byte[] header = new byte[12];
        try {
          in.readFully(header);
        } catch (EOFException eof) {
          break;
        }
        long len = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertTrue(len >= 0 && len < 1 << 20);
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        in.readFully(new byte[4]);
        out.add(payload);
      }
    }
    return out;
  }
}
