package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors found while reading and composing files: one line, naming the file, key or option. */
class LoadErrorsTest {
  @TempDir Path dir;

  private String error(String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.loader(dir).load("config", List.of(overrides)));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void missingConfigDirectory() {
    Path nowhere = dir.resolve("nope");
    assertEquals("config directory " + nowhere + " does not exist",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromDirectory(nowhere)).getMessage());
  }

  @Test
  void missingPrimaryConfig() {
    ConfigFiles.write(dir, "other.yaml", "a: 1\n", "eval.yaml", "b: 1\n");
    assertEquals("no primary config 'config.yaml' in " + dir.toAbsolutePath().normalize() + "; available: eval, other", error());
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLine() {
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - module: sae\n", "module/sae.yaml", "a: 1\nb: [1, 2\nc: 3\n");
    String file = dir.toAbsolutePath().normalize().resolve("module/sae.yaml").toString();
    String msg = error();
    assertTrue(msg.startsWith(file + ": YAML syntax error at line 3, column "), msg);
    ConfigFiles.write(dir, "module/sae.yaml", "a: 1\n  b: 2\n");
    assertTrue(error().startsWith(file + ": YAML syntax error at line 2, column "), error());
  }

  @Test
  void duplicateKeysAreAnError() {
    ConfigFiles.write(dir, "config.yaml", "a: 1\na: 2\n");
    assertTrue(error().startsWith(dir.toAbsolutePath().normalize().resolve("config.yaml") + ": YAML syntax error at line 2"),
        error());
  }

  @Test
  void topLevelMustBeAMapping() {
    ConfigFiles.write(dir, "config.yaml", "- a\n- b\n");
    assertEquals(dir.toAbsolutePath().normalize().resolve("config.yaml") + ": top level must be a mapping of keys, found list [a, b]",
        error());
  }

  @Test
  void unknownGroupOptionListsTheValidOnes() {
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - module: sae\n", "module/sae.yaml", "a: 1\n", "module/probe.yaml", "b: 1\n");
    assertEquals("override 'module=saee': unknown option 'saee' for group 'module'; valid options: probe, sae", error("module=saee"));
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - module: nope\n");
    assertEquals("config.yaml: unknown option 'nope' for group 'module'; valid options: probe, sae", error());
  }

  @Test
  void unknownGroupInADefaultsList() {
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - modle: sae\n", "module/sae.yaml", "a: 1\n");
    assertEquals("config.yaml: defaults entry 'modle': no config group 'modle' in " + dir.toAbsolutePath().normalize()
        + "; groups: module", error());
  }

  @Test
  void groupOverrideRules() {
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - module: sae\n", "module/sae.yaml", "a: 1\n",
        "experiment/x.yaml", "b: 1\n");
    assertEquals("could not override group 'experiment' (experiment=x): it is not in the defaults list;"
        + " use +experiment=OPTION to add it", error("experiment=x"));
    assertEquals("override '+module=sae': group 'module' is already in the defaults list (option 'sae');"
        + " use module=OPTION to change it", error("+module=sae"));
    assertEquals("could not delete group 'experiment' (~experiment): it is not in the defaults list", error("~experiment"));
    assertEquals("override '~module=probe': group 'module' is 'sae', not 'probe'", error("~module=probe"));
    assertEquals("override 'module=[sae]': group 'module' takes one option name (selecting several options of a group"
        + " is not supported)", error("module=[sae]"));
    assertEquals("override 'nogroup/x=1': no config group 'nogroup/x' in " + dir.toAbsolutePath().normalize()
        + "; groups: experiment, module", error("nogroup/x=1"));
    assertEquals("override 'module@pkg=sae': package overrides (group@package) are not supported", error("module@pkg=sae"));
  }

  @Test
  void mandatoryGroupChoice() {
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - module: ???\n", "module/sae.yaml", "a: 1\n");
    assertEquals("group 'module' has no default (???): choose one with module=OPTION; valid options: sae", error());
    assertEquals(1, ConfigFiles.loader(dir).load("config", List.of("module=sae")).get("module.a"));
  }

  @Test
  void experimentOverrideOfAnAbsentGroup() {
    ConfigFiles.write(dir, "config.yaml", "a: 1\n", "module/sae.yaml", "a: 1\n",
        "experiment/x.yaml", "# @package _global_\ndefaults:\n  - override /module: sae\n");
    assertEquals("experiment/x.yaml: 'override module' has no 'module' entry in the defaults list to override",
        error("+experiment=x"));
  }

  @Test
  void defaultsListsThatIncludeEachOther() {
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - m: a\n", "m/a.yaml", "defaults:\n  - b\n", "m/b.yaml", "defaults:\n  - a\n");
    assertEquals("defaults lists include each other in a loop: config.yaml -> m/a.yaml -> m/b.yaml -> m/a.yaml", error());
  }

  @Test
  void badDefaultsEntries() {
    ConfigFiles.write(dir, "config.yaml", "defaults: sae\n");
    assertEquals("config.yaml: 'defaults' must be a list, found string 'sae'", error());
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - 3\n");
    assertEquals("config.yaml: bad defaults entry int 3 (expected 'group: option', a config name or _self_)", error());
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - _self_\n  - _self_\n");
    assertEquals("config.yaml: _self_ appears twice in the defaults list", error());
  }
}
