package io.headwater.origin.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configuration: defaults, then the YAML file, then environment variables, then
 * command-line flags (flag > env > file > default). Every failure is a {@link ConfigException}
 * whose message names the key, the value and what is allowed.
 */
public final class ConfigLoader {
  /** Largest configuration file read; a config is a few kilobytes. */
  static final long MAX_FILE_BYTES = 1 << 20;

  private final YAMLMapper yaml;
  private final JsonMapper binder;

  public ConfigLoader() {
    this.yaml = YAMLMapper.builder(YAMLFactory.builder().build())
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
    this.binder = JsonMapper.builder()
        .addModule(new ConfigModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .build();
  }

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, or null for none
   * @param overrides environment settings first, then flags: later ones win
   */
  public HeadwaterConfig load(Path file, List<Setting> overrides) throws ConfigException {
    ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : read(file);
    return bind(tree, overrides, file == null ? "" : " in " + file);
  }

  /** Parses YAML text with the same rules as a file. */
  public HeadwaterConfig parse(String yamlText, List<Setting> overrides) throws ConfigException {
    return bind(readTree(yamlText, "configuration"), overrides, "");
  }

  private HeadwaterConfig bind(ObjectNode tree, List<Setting> overrides, String origin)
      throws ConfigException {
    Map<String, String> sources = new HashMap<>();
    for (Setting s : overrides) {
      put(tree, s);
      sources.put(s.key(), s.source());
    }
    try {
      return binder.treeToValue(tree, HeadwaterConfig.class);
    } catch (JsonMappingException e) {
      throw new ConfigException(describe(e, sources, origin), e);
    } catch (JacksonException e) {
      throw new ConfigException("configuration" + origin + ": " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("configuration" + origin + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode read(Path file) throws ConfigException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException("configuration file " + file + " is larger than "
            + MAX_FILE_BYTES + " bytes");
      }
      return readTree(Files.readString(file), "configuration file " + file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("configuration file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e, e);
    }
  }

  private ObjectNode readTree(String text, String what) throws ConfigException {
    JsonNode node;
    try {
      node = yaml.readTree(text);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(what + " is not valid YAML" + where + ": "
          + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new ConfigException(what + " must be a mapping of keys (rtmp, http, apps, ...), "
          + "was " + node.getNodeType().toString().toLowerCase());
    }
    return (ObjectNode) node;
  }

  private static void put(ObjectNode tree, Setting s) {
    String[] parts = s.key().split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    node.put(parts[parts.length - 1], s.value());
  }

  private static String describe(JsonMappingException e, Map<String, String> sources,
      String origin) {
    String path = path(e.getPath());
    if (e instanceof UnrecognizedPropertyException u) {
      String key = path;
      Set<String> allowed = new TreeSet<>();
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
      }
      return "unknown key '" + key + "'" + origin + "; allowed here: "
          + String.join(", ", allowed);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidValueException iv) {
        String key = join(path, iv.key());
        return iv.describe(key) + from(sources, key, origin);
      }
    }
    if (e instanceof InvalidFormatException f) {
      return path + ": '" + f.getValue() + "' is not " + expected(f.getTargetType())
          + from(sources, path, origin);
    }
    if (e instanceof MismatchedInputException m) {
      return path + ": wrong type; allowed: " + expected(m.getTargetType())
          + from(sources, path, origin);
    }
    return (path.isEmpty() ? "configuration" : path) + ": " + e.getOriginalMessage() + origin;
  }

  private static String from(Map<String, String> sources, String key, String origin) {
    String source = sources.get(key);
    return source != null ? " (from " + source + ")" : origin;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a value of the right type";
    }
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list, e.g. [a, b]";
    }
    return "a mapping of keys (" + type.getSimpleName() + ")";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String join(String path, String key) {
    if (key == null || key.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? key : path + "." + key;
  }
}
