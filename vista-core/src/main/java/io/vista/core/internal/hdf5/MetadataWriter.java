package io.vista.core.internal.hdf5;

import io.vista.core.internal.hdf5.Hdf5Format.GlobalHeapRef;
import io.vista.core.internal.hdf5.Hdf5Format.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes everything but the chunk data once all chunks are in the file: the global heap of string
 * attributes, each dataset's chunk B-tree and object header, then group object headers bottom-up
 * (a link needs its target's address), the root last. Returns the root object header address.
 */
final class MetadataWriter {
  private final TailWriter tail;
  private final Map<ObjectTree.Node, List<GlobalHeapRef>> heapRefs = new IdentityHashMap<>();

  private MetadataWriter(TailWriter tail) {
    this.tail = tail;
  }

  static long write(TailWriter tail, ObjectTree.Group root) throws IOException {
    MetadataWriter writer = new MetadataWriter(tail);
    writer.writeHeap(root);
    return writer.writeObject(root);
  }

  private void writeHeap(ObjectTree.Group root) throws IOException {
    List<ObjectTree.Node> owners = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    collect(root, owners, values);
    List<GlobalHeapRef> refs = GlobalHeapWriter.write(tail, values);
    for (int i = 0; i < refs.size(); i++) {
      heapRefs.computeIfAbsent(owners.get(i), k -> new ArrayList<>()).add(refs.get(i));
    }
  }

  private static void collect(ObjectTree.Node node, List<ObjectTree.Node> owners, List<byte[]> values) {
    for (String value : node.attributes.values()) {
      owners.add(node);
      values.add(value.getBytes(StandardCharsets.UTF_8));
    }
    if (node instanceof ObjectTree.Group group) {
      for (ObjectTree.Node child : group.children.values()) {
        collect(child, owners, values);
      }
    }
  }

  private long writeObject(ObjectTree.Node node) throws IOException {
    List<Message> messages = new ArrayList<>();
    if (node instanceof ObjectTree.Group group) {
      List<Message> links = new ArrayList<>();
      for (Map.Entry<String, ObjectTree.Node> child : group.children.entrySet()) {
        links.add(Hdf5Format.hardLink(child.getKey(), writeObject(child.getValue())));
      }
      messages.add(Hdf5Format.linkInfo());
      messages.add(Hdf5Format.groupInfo(links.size()));
      messages.addAll(links);
    } else if (node instanceof ObjectTree.Dataset dataset) {
      messages.addAll(datasetMessages(dataset.stream));
    }
    List<GlobalHeapRef> refs = heapRefs.getOrDefault(node, List.of());
    int i = 0;
    for (String name : node.attributes.keySet()) {
      messages.add(Hdf5Format.stringAttribute(name, refs.get(i++)));
    }
    return tail.append(Hdf5Format.objectHeaderV2(messages));
  }

  private List<Message> datasetMessages(DatasetStream d) throws IOException {
    long btree = new ChunkBTree(d.shape, d.chunk, d.type.byteSize(), d.index, d.chunkCount).write(tail);
    long[] max = d.shape.clone();
    for (int i = 0; i < max.length; i++) {
      if (max[i] == 0) {
        max[i] = Hdf5Format.UNLIMITED; // lets a chunk dimension exceed an empty dimension
      }
    }
    List<Message> messages = new ArrayList<>();
    messages.add(Hdf5Format.simpleDataspace(d.shape, max));
    messages.add(Hdf5Format.datatype(d.type));
    messages.add(Hdf5Format.fillValueDefault());
    if (d.zstdLevel > 0) {
      messages.add(Hdf5Format.zstdPipeline(d.zstdLevel));
    }
    messages.add(Hdf5Format.chunkedLayoutV3(btree, d.chunk, d.type.byteSize()));
    return messages;
  }
}
