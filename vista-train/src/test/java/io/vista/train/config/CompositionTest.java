package io.vista.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults lists, _self_, packages and group overrides, on small trees written per test. */
class CompositionTest {
  @TempDir Path dir;

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private Map<String, Object> job(List<String> overrides) {
    Map<String, Object> m = ConfigFiles.loader(dir).load("config", overrides).asMap();
    m.remove("hydra");
    return m;
  }

  @Test
  void selfLastMeansThePrimaryConfigWins() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\n  - _self_\ndb:\n  port: 1\nname: app\n",
        "db/mysql.yaml", "host: localhost\nport: 3306\n");
    assertEquals(map("db", map("host", "localhost", "port", 1), "name", "app"), job(List.of()));
  }

  @Test
  void selfFirstMeansTheGroupsWin() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - _self_\n  - db: mysql\ndb:\n  port: 1\nname: app\n",
        "db/mysql.yaml", "host: localhost\nport: 3306\n");
    assertEquals(map("db", map("port", 3306, "host", "localhost"), "name", "app"), job(List.of()));
  }

  @Test
  void missingSelfIsAppended() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\ndb:\n  port: 1\n",
        "db/mysql.yaml", "port: 3306\n");
    assertEquals(map("db", map("port", 1)), job(List.of()));
  }

  @Test
  void groupOverrideReplacesTheDefaultAndIsRecorded() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\n  - _self_\n",
        "db/mysql.yaml", "port: 3306\n",
        "db/postgres.yaml", "port: 5432\nuser: pg\n");
    ResolvedConfig c = ConfigFiles.loader(dir).load("config", List.of("db=postgres"));
    assertEquals(map("port", 5432, "user", "pg"), c.get("db"));
    assertEquals("postgres", c.get("hydra.runtime.choices.db"));
    assertEquals(List.of("db=postgres"), c.overrides());
  }

  @Test
  void listsAreReplacedNotConcatenated() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - a: one\n  - _self_\na:\n  xs: [3]\n",
        "a/one.yaml", "xs: [1, 2]\n");
    assertEquals(map("a", map("xs", List.of(3))), job(List.of()));
  }

  @Test
  void globalPackageHeaderPutsKeysAtTheTop() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\n  - _self_\ntrainer:\n  epochs: 5\n  lr: 0.1\n",
        "db/mysql.yaml", "port: 3306\n",
        "db/sqlite.yaml", "file: x.db\n",
        "experiment/fast.yaml",
        "# @package _global_\n# a comment after the header\ndefaults:\n  - override /db: sqlite\ntrainer:\n  epochs: 1\n");
    ResolvedConfig c = ConfigFiles.loader(dir).load("config", List.of("+experiment=fast"));
    assertEquals(1, c.get("trainer.epochs"));   // the experiment comes after _self_
    assertEquals(0.1, c.get("trainer.lr"));
    assertEquals(map("file", "x.db"), c.get("db")); // override /db inside the experiment
    assertEquals("sqlite", c.get("hydra.runtime.choices.db"));
    assertEquals("fast", c.get("hydra.runtime.choices.experiment"));
    assertFalse(c.has("experiment"));
  }

  @Test
  void commandLineBeatsAnExperimentsOverride() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\n",
        "db/mysql.yaml", "port: 3306\n",
        "db/sqlite.yaml", "file: x.db\n",
        "db/postgres.yaml", "port: 5432\n",
        "experiment/fast.yaml", "# @package _global_\ndefaults:\n  - override /db: sqlite\n");
    assertEquals(map("port", 5432), ConfigFiles.loader(dir).load("config", List.of("+experiment=fast", "db=postgres")).get("db"));
  }

  @Test
  void explicitPackageHeaderAndEntryPackage() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\n  - db@backup: sqlite\n",
        "db/mysql.yaml", "# @package storage.main\nport: 3306\n",
        "db/sqlite.yaml", "file: x.db\n");
    // the header moves mysql's keys; db@backup is a second use of the group, at 'backup'
    ResolvedConfig c = ConfigFiles.loader(dir).load("config", List.of("db=mysql"));
    assertEquals(map("storage", map("main", map("port", 3306)), "backup", map("file", "x.db")),
        job(List.of()));
    assertEquals("mysql", c.get("hydra.runtime.choices.db"));
    assertEquals("sqlite", c.get("hydra.runtime.choices.db@backup"));
    ConfigFiles.write(dir, "config.yaml", "defaults:\n  - db: mysql\n  - db: sqlite\n");
    assertEquals("config.yaml: group 'db' appears twice in the defaults lists",
        assertThrows(ConfigException.class, () -> job(List.of())).getMessage());
  }

  @Test
  void nestedDefaultsListsInGroupFiles() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - model: big\n",
        "model/base.yaml", "width: 8\ndepth: 2\n",
        "model/big.yaml", "defaults:\n  - base\n  - _self_\nwidth: 64\n",
        "model/act/relu.yaml", "name: relu\n",
        "model/small.yaml", "defaults:\n  - act: relu\nwidth: 4\n");
    assertEquals(map("model", map("width", 64, "depth", 2)), job(List.of()));
    // a relative group inside model/ is model/act, placed at model.act and chosen as 'model/act'
    ResolvedConfig c = ConfigFiles.loader(dir).load("config", List.of("model=small"));
    assertEquals(map("act", map("name", "relu"), "width", 4), c.get("model"));
    assertEquals("relu", c.get("hydra.runtime.choices.model/act"));
  }

  @Test
  void addAndDeleteGroups() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - db: mysql\n  - _self_\nname: app\n",
        "db/mysql.yaml", "port: 3306\n",
        "cache/redis.yaml", "ttl: 60\n");
    assertEquals(map("db", map("port", 3306), "name", "app", "cache", map("ttl", 60)), job(List.of("+cache=redis")));
    assertEquals(map("name", "app"), job(List.of("~db")));
    assertEquals(map("name", "app"), job(List.of("~db=mysql")));
    assertEquals(map("db", map("port", 3306), "name", "app", "cache", map("ttl", 60)), job(List.of("++cache=redis")));
    assertEquals(map("db", map("port", 3306), "name", "app"), job(List.of("++db=mysql")));
    assertEquals(map("name", "app"), job(List.of("db=null")));
  }

  @Test
  void optionalEntryToleratesAMissingFile() {
    ConfigFiles.write(dir,
        "config.yaml", "defaults:\n  - optional site: local\nname: app\n",
        "site/other.yaml", "x: 1\n");
    assertEquals(map("name", "app"), job(List.of()));
  }

  @Test
  void primaryConfigByOtherName() {
    ConfigFiles.write(dir, "config.yaml", "a: 1\n", "eval.yaml", "b: 2\n");
    ResolvedConfig c = ConfigFiles.loader(dir).load("eval", List.of());
    assertEquals(2, c.get("b"));
    assertEquals("eval", c.get("hydra.job.config_name"));
    assertEquals(ConfigLoader.DEFAULT_RUN_DIR.replace("${now:%Y-%m-%d}", "2024-03-05").replace("${now:%H-%M-%S}", "07-08-09"),
        c.get("hydra.run.dir"));
  }
}
