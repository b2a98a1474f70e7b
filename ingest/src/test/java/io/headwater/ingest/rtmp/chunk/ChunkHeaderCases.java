package io.headwater.ingest.rtmp.chunk;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Value-and-bytes table of chunk headers (RTMP 1.0 section 5.3.1), shared by the encoder and
 * decoder tests. For fmt 1-3 a fmt 0 header on the same chunk stream comes first ({@code previous})
 * and the expected fields are those of the message the case header starts.
 */
final class ChunkHeaderCases {
  private ChunkHeaderCases() {}

  /** One case: the header, its bytes and what the decoder makes of it after {@code previous}. */
  record Case(String name, ChunkHeader previous, ChunkHeader header, byte[] bytes,
      long expectedTimestamp, int expectedLength, int expectedTypeId, int expectedStreamId) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        new Case("fmt0 csid 3 (1-byte basic header)", null,
            new ChunkHeader(0, 3, 1000, 100, 20, 1),
            hex("03" // fmt 0 | csid 3
                + "0003e8" // timestamp 1000
                + "000064" // message length 100
                + "14" // type id 20 (command AMF0)
                + "01000000"), // message stream id 1, little-endian
            1000, 100, 20, 1),
        new Case("fmt0 csid 64 (2-byte basic header, smallest)", null,
            new ChunkHeader(0, 64, 0, 5, 8, 1),
            hex("00" // fmt 0 | csid marker 0
                + "00" // csid - 64 = 0
                + "000000" + "000005" + "08" + "01000000"),
            0, 5, 8, 1),
        new Case("fmt0 csid 319 (2-byte basic header, largest)", null,
            new ChunkHeader(0, 319, 7, 5, 9, 1),
            hex("00" + "ff" // csid - 64 = 255
                + "000007" + "000005" + "09" + "01000000"),
            7, 5, 9, 1),
        new Case("fmt0 csid 320 (3-byte basic header, smallest)", null,
            new ChunkHeader(0, 320, 7, 5, 9, 0x01020304),
            hex("01" // fmt 0 | csid marker 1
                + "00" + "01" // csid - 64 = 256: low byte, high byte
                + "000007" + "000005" + "09"
                + "04030201"), // message stream id 0x01020304, little-endian
            7, 5, 9, 0x01020304),
        new Case("fmt0 csid 65599 (3-byte basic header, largest)", null,
            new ChunkHeader(0, 65599, 7, 5, 9, 1),
            hex("01" + "ff" + "ff" // csid - 64 = 65535
                + "000007" + "000005" + "09" + "01000000"),
            7, 5, 9, 1),
        new Case("fmt0 extended timestamp", null,
            new ChunkHeader(0, 4, 0x01000000L, 5, 9, 1),
            hex("04" + "ffffff" // timestamp field: extended follows
                + "000005" + "09" + "01000000"
                + "01000000"), // extended timestamp 0x01000000
            0x01000000L, 5, 9, 1),
        new Case("fmt1 csid 4", new ChunkHeader(0, 4, 1000, 10, 9, 1),
            new ChunkHeader(1, 4, 33, 100, 8, 0),
            hex("44" // fmt 1 | csid 4
                + "000021" // timestamp delta 33
                + "000064" // message length 100
                + "08"), // type id 8 (audio)
            1033, 100, 8, 1),
        new Case("fmt1 csid 100 (2-byte) with delta 0xFFFFFF (extended)",
            new ChunkHeader(0, 100, 1000, 10, 9, 1),
            new ChunkHeader(1, 100, 0xFFFFFF, 10, 9, 0),
            hex("40" + "24" // fmt 1 | csid marker 0, csid - 64 = 36
                + "ffffff" + "00000a" + "09"
                + "00ffffff"), // extended timestamp delta 0x00FFFFFF
            1000 + 0xFFFFFFL, 10, 9, 1),
        new Case("fmt2 csid 4", new ChunkHeader(0, 4, 1000, 10, 9, 1),
            new ChunkHeader(2, 4, 40, 0, 0, 0),
            hex("84" // fmt 2 | csid 4
                + "000028"), // timestamp delta 40
            1040, 10, 9, 1),
        new Case("fmt2 csid 1000 (3-byte)", new ChunkHeader(0, 1000, 1000, 10, 9, 1),
            new ChunkHeader(2, 1000, 40, 0, 0, 0),
            hex("81" + "a8" + "03" // fmt 2 | csid marker 1, csid - 64 = 936 = 0x03a8
                + "000028"),
            1040, 10, 9, 1),
        new Case("fmt3 csid 4 starts a message with the fmt0 timestamp as delta",
            new ChunkHeader(0, 4, 1000, 10, 9, 1),
            new ChunkHeader(3, 4, 0, 0, 0, 0),
            hex("c4"), // fmt 3 | csid 4
            2000, 10, 9, 1),
        new Case("fmt3 csid 4 repeating an extended timestamp",
            new ChunkHeader(0, 4, 0x01000000L, 10, 9, 1),
            new ChunkHeader(3, 4, 0x01000000L, 0, 0, 0),
            hex("c4" + "01000000"), // fmt 3 | csid 4, extended timestamp again
            0x02000000L, 10, 9, 1))
        .map(Arguments::of);
  }
}
