// accord's reference oracle: Apache Avro 1.12's Java implementation behind a JSON Lines protocol, so
// that the differential tests can ask the reference the same questions they ask accord.
//
//   AvroReference [compat]       {"id","writer","reader"} -> {"id","compatible","incompatibilities","error"}
//   AvroReference --parse        {"id","schema"}          -> {"id","valid","error"}
//   AvroReference --fingerprint  {"id","schema"}          -> {"id","canonical","crc64","crc64_le","md5","sha256","error"}
//   AvroReference --version      "avro-java <version> (<jar>), java <version>"
//
// Every non-blank stdin line is one request and gets exactly one stdout line, in order. Schema members
// reach Avro's parser as the exact text they have on the line, and "id" is echoed as written. Nothing a
// request contains stops the batch: a failure becomes the answer's "error". tests/oracle/README.md has
// the protocol; tests/oracle/avro-oracle runs this class (tests/oracle/setup.sh builds it).
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.JarFile;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;

public final class AvroReference {

  private static final String USAGE =
      "usage: avro-oracle [compat | --parse | --fingerprint | --version] < requests.jsonl";

  /** Error texts longer than this are cut, so that one huge schema cannot flood the answers. */
  private static final int ERROR_LIMIT = 500;

  /**
   * Reads request lines. Its size limits are lifted: how deep or long a schema may be is for Avro's own
   * parser to say, since that verdict is the one under test.
   */
  private static final JsonFactory REQUESTS =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  /** Writes answers. */
  private static final ObjectMapper ANSWERS = new ObjectMapper();

  private static final HexFormat HEX = HexFormat.of();

  /** What each request asks, and the answer fields that are null when no verdict was reached. */
  private enum Question {
    COMPAT("writer", "reader"),
    PARSE("schema"),
    FINGERPRINT("schema");

    private final String[] inputs;

    Question(String... inputs) {
      this.inputs = inputs;
    }
  }

  /** A request that got no verdict: the reason goes to the answer's "error". */
  private static final class NoVerdict extends Exception {
    private static final long serialVersionUID = 1L;

    NoVerdict(String reason) {
      super(reason, null, false, false);
    }
  }

  private AvroReference() {}

  public static void main(String[] args) throws IOException {
    Question question = Question.COMPAT;
    for (String arg : args) {
      switch (arg) {
        case "compat", "--compat" -> question = Question.COMPAT;
        case "--parse" -> question = Question.PARSE;
        case "--fingerprint" -> question = Question.FINGERPRINT;
        case "--version" -> {
          System.out.println(version());
          return;
        }
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> {
          System.err.println("avro-oracle: unknown argument '" + arg + "'\n" + USAGE);
          System.exit(2);
        }
      }
    }
    answerAll(question);
  }

  /** One answer line per non-blank request line; flushed whenever no more input is waiting. */
  private static void answerAll(Question question) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        out.print(answer(question, line));
        out.print('\n');
      }
      if (!in.ready()) {
        out.flush();
      }
    }
    out.flush();
  }

  private static String answer(Question question, String line) throws IOException {
    Map<String, String> request;
    try {
      request = membersAsWritten(line);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
      return noVerdict(question, null, "bad input line: " + e.getOriginalMessage() + where);
    }
    String id = request.get("id");
    try {
      for (String input : question.inputs) {
        if (request.get(input) == null) {
          throw new NoVerdict("input line lacks \"" + input + "\"");
        }
      }
      ObjectNode answer = startAnswer(id);
      switch (question) {
        case COMPAT -> compat(request.get("writer"), request.get("reader"), answer);
        case PARSE -> parse(request.get("schema"), answer);
        case FINGERPRINT -> fingerprint(request.get("schema"), answer);
      }
      answer.putNull("error");
      return ANSWERS.writeValueAsString(answer);
    } catch (NoVerdict e) {
      return noVerdict(question, id, e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------ questions

  /** Avro's reader/writer check: can `reader` read what `writer` wrote? Every incompatibility found. */
  private static void compat(String writerText, String readerText, ObjectNode answer)
      throws NoVerdict {
    Schema writer = parseOrExplain(writerText, "writer: ");
    Schema reader = parseOrExplain(readerText, "reader: ");
    SchemaPairCompatibility result;
    try {
      result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    } catch (Throwable e) {
      throw new NoVerdict("check: " + explain(e));
    }
    answer.put("compatible", result.getType() == SchemaCompatibilityType.COMPATIBLE);
    ArrayNode found = answer.putArray("incompatibilities");
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      found
          .addObject()
          .put("type", incompatibility.getType().name())
          .put("location", incompatibility.getLocation())
          .put("message", incompatibility.getMessage());
    }
  }

  /** Whether a fresh `Schema.Parser` with Avro's defaults accepts the schema. */
  private static void parse(String schemaText, ObjectNode answer) throws NoVerdict {
    parseOrExplain(schemaText, "");
    answer.put("valid", true);
  }

  /** The Parsing Canonical Form and its fingerprints, each computed by `SchemaNormalization`. */
  private static void fingerprint(String schemaText, ObjectNode answer) throws NoVerdict {
    Schema schema = parseOrExplain(schemaText, "");
    try {
      long crc64 = SchemaNormalization.parsingFingerprint64(schema);
      answer.put("canonical", SchemaNormalization.toParsingForm(schema));
      // The unsigned value, big-endian, as the specification prints it.
      answer.put("crc64", HEX.toHexDigits(crc64));
      // The bytes in Avro's order (little-endian), as single-object encoding writes them.
      answer.put("crc64_le", digest("CRC-64-AVRO", schema));
      answer.put("md5", digest("MD5", schema));
      answer.put("sha256", digest("SHA-256", schema));
    } catch (Throwable e) {
      throw new NoVerdict(explain(e));
    }
  }

  private static String digest(String algorithm, Schema schema) throws Exception {
    return HEX.formatHex(SchemaNormalization.parsingFingerprint(algorithm, schema));
  }

  /** Parses with a fresh parser, so no named type carries over from another schema or line. */
  private static Schema parseOrExplain(String text, String role) throws NoVerdict {
    try {
      return new Schema.Parser().parse(text);
    } catch (Throwable e) {
      throw new NoVerdict(role + explain(e));
    }
  }

  // ------------------------------------------------------------------------------------ JSON

  /**
   * The members of the one JSON object on `line`, each mapped to its value's text exactly as written
   * (a later duplicate wins).
   */
  private static Map<String, String> membersAsWritten(String line) throws IOException {
    Map<String, String> members = new HashMap<>();
    try (JsonParser parser = REQUESTS.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "a request must be one JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        int from = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
        // Moves past the whole value: a container's children, or the rest of a lazily read scalar.
        parser.skipChildren();
        parser.finishToken();
        int to = Math.toIntExact(parser.currentLocation().getCharOffset());
        members.put(name, line.substring(from, to));
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "text follows the request object");
      }
    }
    return members;
  }

  /** An answer holding only the id, echoed as written (null when the line had none). */
  private static ObjectNode startAnswer(String id) {
    ObjectNode answer = ANSWERS.createObjectNode();
    if (id == null) {
      answer.putNull("id");
    } else {
      answer.putRawValue("id", new RawValue(id));
    }
    return answer;
  }

  /** The answer when no verdict was reached: the question's result fields null, and the reason. */
  private static String noVerdict(Question question, String id, String reason)
      throws JsonProcessingException {
    ObjectNode answer = startAnswer(id);
    switch (question) {
      case COMPAT -> {
        answer.putNull("compatible");
        answer.putArray("incompatibilities");
      }
      case PARSE -> answer.put("valid", false);
      case FINGERPRINT -> {
        for (String field : new String[] {"canonical", "crc64", "crc64_le", "md5", "sha256"}) {
          answer.putNull(field);
        }
      }
    }
    answer.put("error", reason);
    return ANSWERS.writeValueAsString(answer);
  }

  // ------------------------------------------------------------------------------------ helpers

  /** "ExceptionClass: message", on one line and at most ERROR_LIMIT characters of message. */
  private static String explain(Throwable e) {
    String kind = e.getClass().getSimpleName();
    if (e.getMessage() == null) {
      return kind;
    }
    String message = e.getMessage().replaceAll("[\r\n]+", " ");
    if (message.length() > ERROR_LIMIT) {
      message = message.substring(0, ERROR_LIMIT) + "...";
    }
    return kind + ": " + message;
  }

  /** The Avro version from the manifest of the jar that provides `Schema`, and the Java version. */
  private static String version() {
    String jar = Schema.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    String avro;
    try (JarFile file = new JarFile(jar)) {
      avro = file.getManifest().getMainAttributes().getValue("Bundle-Version");
    } catch (IOException e) {
      avro = "unknown (" + explain(e) + ")";
    }
    return "avro-java " + avro + " (" + jar + "), java " + System.getProperty("java.version");
  }
}
