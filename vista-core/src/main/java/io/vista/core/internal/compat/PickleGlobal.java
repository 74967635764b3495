package io.vista.core.internal.compat;

/**
 * A reference to a Python global ({@code GLOBAL} / {@code STACK_GLOBAL} opcode) as found in a
 * pickle: just its two names. Nothing is ever imported or looked up; {@link PickleReader} decides
 * from the names alone what, if anything, to build.
 *
 * @param module the module name, e.g. {@code torch._utils}
 * @param name the qualified name inside the module, e.g. {@code _rebuild_tensor_v2}
 */
public record PickleGlobal(String module, String name) {

  /** {@code module + "." + name}, e.g. {@code collections.OrderedDict}. */
  public String qualifiedName() {
    return module + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
