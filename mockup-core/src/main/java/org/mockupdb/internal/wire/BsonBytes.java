package org.mockupdb.internal.wire;

import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;

/**
 * Writes BSON documents straight into an output buffer, element by element, without the codec
 * and writer layers of {@code org.bson} (their state machine, validators and context stack cost a
 * few hundred microseconds a reply until the JIT has compiled them, which every test suite's first
 * servers pay). The bytes are the same as {@code BsonDocumentCodec} writes; strings and names go
 * through the buffer's own UTF-8 writer, which refuses a name with a NUL character.
 */
final class BsonBytes {
    private BsonBytes() {
    }

    static void writeDocument(ByteSink out, BsonDocument document) {
        if (document instanceof RawBsonDocument raw) {
            out.writeBytes(raw.getByteBuffer().asNIO());
            return;
        }
        int start = out.getPosition();
        out.writeInt32(0);
        for (Map.Entry<String, BsonValue> element : document.entrySet()) {
            writeElement(out, element.getKey(), element.getValue());
        }
        out.writeByte(0);
        out.writeInt32(start, out.getPosition() - start);
    }

    private static void writeArray(ByteSink out, List<BsonValue> array) {
        int start = out.getPosition();
        out.writeInt32(0);
        for (int i = 0; i < array.size(); i++) {
            writeElement(out, Integer.toString(i), array.get(i));
        }
        out.writeByte(0);
        out.writeInt32(start, out.getPosition() - start);
    }

    private static void writeElement(ByteSink out, String name, BsonValue value) {
        out.writeByte(value.getBsonType().getValue());
        out.writeCString(name);
        switch (value.getBsonType()) {
            case DOUBLE -> out.writeDouble(value.asDouble().getValue());
            case STRING -> out.writeString(value.asString().getValue());
            case DOCUMENT -> writeDocument(out, value.asDocument());
            case ARRAY -> writeArray(out, ((BsonArray) value).getValues());
            case BINARY -> writeBinary(out, value.asBinary());
            case UNDEFINED, NULL, MIN_KEY, MAX_KEY -> {
                // the type byte says it all
            }
            case OBJECT_ID -> out.writeObjectId(value.asObjectId().getValue());
            case BOOLEAN -> out.writeByte(value.asBoolean().getValue() ? 1 : 0);
            case DATE_TIME -> out.writeInt64(value.asDateTime().getValue());
            case REGULAR_EXPRESSION -> {
                BsonRegularExpression regex = value.asRegularExpression();
                out.writeCString(regex.getPattern());
                out.writeCString(regex.getOptions());
            }
            case DB_POINTER -> {
                BsonDbPointer pointer = value.asDBPointer();
                out.writeString(pointer.getNamespace());
                out.writeObjectId(pointer.getId());
            }
            case JAVASCRIPT -> out.writeString(value.asJavaScript().getCode());
            case SYMBOL -> out.writeString(value.asSymbol().getSymbol());
            case JAVASCRIPT_WITH_SCOPE -> {
                BsonJavaScriptWithScope code = value.asJavaScriptWithScope();
                int start = out.getPosition();
                out.writeInt32(0);
                out.writeString(code.getCode());
                writeDocument(out, code.getScope());
                out.writeInt32(start, out.getPosition() - start);
            }
            case INT32 -> out.writeInt32(value.asInt32().getValue());
            case TIMESTAMP -> out.writeInt64(value.asTimestamp().getValue());
            case INT64 -> out.writeInt64(value.asInt64().getValue());
            case DECIMAL128 -> {
                Decimal128 decimal = value.asDecimal128().getValue();
                out.writeInt64(decimal.getLow());
                out.writeInt64(decimal.getHigh());
            }
            default -> throw new IllegalArgumentException("expected a BSON value to write, got type "
                    + value.getBsonType() + " in field '" + name + "'");
        }
    }

    private static void writeBinary(ByteSink out, BsonBinary binary) {
        byte[] data = binary.getData();
        boolean old = binary.getType() == BsonBinarySubType.OLD_BINARY.getValue();
        out.writeInt32(old ? data.length + 4 : data.length);
        out.writeByte(binary.getType());
        if (old) {
            out.writeInt32(data.length);
        }
        out.writeBytes(data);
    }
}
