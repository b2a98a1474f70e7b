package io.headwater.origin.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Jackson deserializers of the typed values: durations ({@code 2s}), sizes ({@code 100G}) and
 * bitrates ({@code 2500k}). A bare number is refused for durations, whose unit a reader would
 * have to guess.
 */
final class ConfigModule extends SimpleModule {
  ConfigModule() {
    super("headwater-config");
    addDeserializer(Duration.class, text(Durations::parse, Durations.ALLOWED, false));
    addDeserializer(ByteSize.class, text(ByteSize::parse, ByteSize.ALLOWED, true));
    addDeserializer(Bitrate.class, text(Bitrate::parse, Bitrate.ALLOWED, true));
  }

  private static <T> JsonDeserializer<T> text(Function<String, T> parse, String allowed,
      boolean numbersAllowed) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
        if (t != JsonToken.VALUE_STRING && !(number && numbersAllowed)) {
          String shown = t.isScalarValue() ? p.getText() : t.isStructStart() ? "a "
              + (t == JsonToken.START_ARRAY ? "list" : "mapping") : t.toString();
          throw InvalidValueException.of("", shown, allowed);
        }
        String text = p.getText();
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw InvalidValueException.of("", text, allowed);
        }
      }
    };
  }
}
