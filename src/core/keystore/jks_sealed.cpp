#include "core/keystore/jks_sealed.h"

#include <string>
#include <vector>

namespace certkeep::jks {
namespace {

// Type codes and class flags: Java Object Serialization Specification, section 6.4.2 "Terminal
// Symbols and Constants".
constexpr std::uint16_t kStreamMagic = 0xACED;
constexpr std::uint16_t kStreamVersion = 5;
constexpr std::uint8_t kNull = 0x70;
constexpr std::uint8_t kReference = 0x71;
constexpr std::uint8_t kClassDesc = 0x72;
constexpr std::uint8_t kObject = 0x73;
constexpr std::uint8_t kString = 0x74;
constexpr std::uint8_t kArray = 0x75;
constexpr std::uint8_t kBlockData = 0x77;
constexpr std::uint8_t kEndBlockData = 0x78;
constexpr std::uint8_t kBlockDataLong = 0x7A;
constexpr std::uint8_t kLongString = 0x7C;
constexpr std::uint32_t kBaseWireHandle = 0x7E0000;
constexpr std::uint8_t kWriteMethod = 0x01;
constexpr std::uint8_t kSerializable = 0x02;
constexpr std::size_t kMaxHierarchy = 8;
constexpr std::string_view kSealedObject = "javax.crypto.SealedObject";

// Size of a primitive field of type code `t`; 0 for an object ('L') or array ('[') field, or unknown.
std::size_t primitive_size(char t) {
  switch (t) {
    case 'B': case 'Z': return 1;
    case 'C': case 'S': return 2;
    case 'I': case 'F': return 4;
    case 'J': case 'D': return 8;
    default: return 0;
  }
}

// Element size of a primitive array class ("[B" -> 1); 0 for any other class.
std::size_t array_element_size(const std::string& class_name) {
  return class_name.size() == 2 && class_name[0] == '[' ? primitive_size(class_name[1]) : 0;
}

struct ClassDesc {
  std::string name;
  std::uint8_t flags = 0;
  std::string field_types;  // one type code per field, in stream order
  int super = -1;           // index into classes, -1 for none
};

class SealedObjectReader {
 public:
  explicit SealedObjectReader(ByteReader& r) : r_(r) {}

  void read_stream() {
    const std::size_t start = r_.offset();
    if (r_.u16() != kStreamMagic || r_.u16() != kStreamVersion)
      return r_.fail(ErrorCode::malformed, "secret key entry is not a Java serialization stream", start);
    if (expect(kObject, "an object")) read_object();
  }

 private:
  enum class Kind { class_desc, string, array, object };
  struct Handle {
    Kind kind;
    int class_index;
  };

  bool expect(std::uint8_t code, std::string_view what) {
    const std::size_t at = r_.offset();
    const auto c = r_.u8();
    if (r_.ok() && c != code) unexpected(at, what);
    return r_.ok();
  }

  void unexpected(std::size_t at, std::string_view what) {
    r_.fail(ErrorCode::malformed, "secret key entry: expected " + std::string(what) + " in the sealed key", at);
  }

  int add_handle(Kind kind, int class_index = -1) {
    handles_.push_back({kind, class_index});
    return static_cast<int>(handles_.size()) - 1;
  }

  // TC_REFERENCE's handle, which must name something of `kind`; its class index, or -1 after a failure.
  int reference(Kind kind) {
    const std::size_t at = r_.offset();
    const std::uint32_t wire = r_.u32();
    const std::size_t index = wire - kBaseWireHandle;
    if (!r_.ok()) return -1;
    if (wire < kBaseWireHandle || index >= handles_.size() || handles_[index].kind != kind) {
      unexpected(at, "a valid back reference");
      return -1;
    }
    return handles_[index].class_index;
  }

  void read_object() {
    const int cls = read_class_desc(0);
    if (!r_.ok()) return;
    if (cls < 0) return unexpected(r_.offset(), "a class description");
    add_handle(Kind::object, cls);
    std::vector<int> hierarchy;  // superclass first, as the class data is written
    for (int c = cls; c >= 0; c = classes_[static_cast<std::size_t>(c)].super) {
      // A back reference can make a class its own ancestor; real hierarchies here are two deep.
      if (hierarchy.size() == kMaxHierarchy) return unexpected(r_.offset(), "a finite class hierarchy");
      hierarchy.insert(hierarchy.begin(), c);
    }
    bool sealed = false;
    for (const int c : hierarchy) {
      sealed = sealed || classes_[static_cast<std::size_t>(c)].name == kSealedObject;
      read_class_data(c);
    }
    if (r_.ok() && !sealed) unexpected(r_.offset(), "a javax.crypto.SealedObject");
  }

  // classDesc: a new one, null (-1) or a back reference. Returns the class index.
  int read_class_desc(std::size_t depth) {
    const std::size_t at = r_.offset();
    const auto code = r_.u8();
    if (!r_.ok()) return -1;
    if (code == kNull) return -1;
    if (code == kReference) return reference(Kind::class_desc);
    if (code != kClassDesc || depth >= kMaxHierarchy) {
      unexpected(at, "a class description");
      return -1;
    }
    return read_new_class_desc(depth);
  }

  int read_new_class_desc(std::size_t depth) {
    ClassDesc desc;
    desc.name = r_.utf();
    r_.take(8);  // serialVersionUID
    const std::size_t flags_at = r_.offset();
    desc.flags = r_.u8();
    if (r_.ok() && (desc.flags & ~(kWriteMethod | kSerializable)) != 0) unexpected(flags_at, "a Serializable class");
    const auto index = static_cast<int>(classes_.size());
    classes_.push_back(desc);
    add_handle(Kind::class_desc, index);
    std::string types = read_fields();
    if (!expect(kEndBlockData, "the end of the class annotation")) return -1;
    const int super = read_class_desc(depth + 1);
    auto& stored = classes_[static_cast<std::size_t>(index)];
    stored.field_types = std::move(types);
    stored.super = super;
    return r_.ok() ? index : -1;
  }

  std::string read_fields() {
    const std::uint16_t count = r_.u16();
    std::string types;
    for (std::uint16_t i = 0; i < count && r_.ok(); ++i) {
      const std::size_t at = r_.offset();
      const char type = static_cast<char>(r_.u8());
      r_.utf();  // field name
      if (type == 'L' || type == '[') read_string_value("a field class name");
      else if (primitive_size(type) == 0 && r_.ok()) unexpected(at, "a field type code");
      types += type;
    }
    return types;
  }

  void read_string_value(std::string_view what) {
    const std::size_t at = r_.offset();
    const auto code = r_.u8();
    if (!r_.ok()) return;
    if (code == kString) {
      r_.utf();
      add_handle(Kind::string);
    } else if (code == kReference) {
      reference(Kind::string);
    } else {
      unexpected(at, what);
    }
  }

  // By index and by value: reading an array can add class descriptions, moving classes_.
  void read_class_data(int cls) {
    const ClassDesc desc = classes_[static_cast<std::size_t>(cls)];
    for (const char type : desc.field_types) {
      if (!r_.ok()) return;
      if (const auto size = primitive_size(type); size > 0) r_.take(size);
      else read_field_value();
    }
    if (desc.flags & kWriteMethod) skip_block_data();
  }

  // An object or array field: null, a back reference, a string or a primitive array.
  void read_field_value() {
    const std::size_t at = r_.offset();
    const auto code = r_.u8();
    if (!r_.ok() || code == kNull) return;
    if (code == kReference) {
      const std::uint32_t wire = r_.u32();
      if (r_.ok() && (wire < kBaseWireHandle || wire - kBaseWireHandle >= handles_.size()))
        unexpected(at, "a valid back reference");
    } else if (code == kString) {
      r_.utf();
      add_handle(Kind::string);
    } else if (code == kLongString) {
      r_.take(static_cast<std::size_t>(r_.i64()), "string");
      add_handle(Kind::string);
    } else if (code == kArray) {
      read_primitive_array();
    } else {
      unexpected(at, "a string or byte array");
    }
  }

  void read_primitive_array() {
    const std::size_t at = r_.offset();
    const int cls = read_class_desc(0);
    if (!r_.ok()) return;
    const std::size_t element = cls >= 0 ? array_element_size(classes_[static_cast<std::size_t>(cls)].name) : 0;
    if (element == 0) return unexpected(at, "a primitive array");
    add_handle(Kind::array, cls);
    const std::size_t length_at = r_.offset();
    const std::uint32_t length = r_.u32();
    if (r_.ok() && length > 0x7FFFFFFF) return r_.fail(ErrorCode::malformed, "negative array length", length_at);
    if (r_.ok() && length > r_.remaining() / element) {
      r_.take(r_.remaining() + 1, "array");  // records the truncation
      return;
    }
    r_.take(length * element);
  }

  // A writeObject method's optional data: block data records up to TC_ENDBLOCKDATA.
  void skip_block_data() {
    while (r_.ok()) {
      const std::size_t at = r_.offset();
      const auto code = r_.u8();
      if (code == kEndBlockData) return;
      if (code == kBlockData) r_.take(r_.u8(), "block data");
      else if (code == kBlockDataLong) r_.take(r_.u32(), "block data");
      else if (r_.ok()) unexpected(at, "block data");
    }
  }

  ByteReader& r_;
  std::vector<ClassDesc> classes_;
  std::vector<Handle> handles_;
};

}  // namespace

void skip_sealed_object(ByteReader& r) { SealedObjectReader(r).read_stream(); }

}  // namespace certkeep::jks
