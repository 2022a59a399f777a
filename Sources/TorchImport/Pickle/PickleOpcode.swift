/// The subset of pickle opcodes (protocol ≤ 2) that legacy `torch.save` files use.
///
/// Found by running `pickletools.dis` over the EfficientNet-Lite checkpoints, plus the
/// opcodes obviously belonging to the same family (`TUPLE3`, `LONG4`, `APPEND`,
/// `BINSTRING`/`SHORT_BINSTRING` for Python-2-era files, `BINFLOAT`). Any other byte in
/// opcode position is rejected with ``TorchFormatError/unknownOpcode(opcode:offset:)``.
enum PickleOpcode: UInt8, Sendable, CustomStringConvertible {
    case proto = 0x80  // PROTO n(u8)
    case stop = 0x2E  // '.'
    case mark = 0x28  // '('
    case emptyDict = 0x7D  // '}'
    case emptyList = 0x5D  // ']'
    case emptyTuple = 0x29  // ')'
    case tuple = 0x74  // 't'
    case tuple1 = 0x85
    case tuple2 = 0x86
    case tuple3 = 0x87
    case binInt = 0x4A  // 'J' i32 LE
    case binInt1 = 0x4B  // 'K' u8
    case binInt2 = 0x4D  // 'M' u16 LE
    case long1 = 0x8A  // n(u8) bytes, two's complement LE
    case long4 = 0x8B  // n(i32 LE) bytes, two's complement LE
    case binFloat = 0x47  // 'G' f64 big-endian
    case none = 0x4E  // 'N'
    case newTrue = 0x88
    case newFalse = 0x89
    case binUnicode = 0x58  // 'X' u32 LE length + UTF-8
    case binString = 0x54  // 'T' i32 LE length + bytes
    case shortBinString = 0x55  // 'U' u8 length + bytes
    case global = 0x63  // 'c' module\nname\n
    case reduce = 0x52  // 'R'
    case build = 0x62  // 'b'
    case binPut = 0x71  // 'q' u8
    case longBinPut = 0x72  // 'r' u32 LE
    case binGet = 0x68  // 'h' u8
    case longBinGet = 0x6A  // 'j' u32 LE
    case setItem = 0x73  // 's'
    case setItems = 0x75  // 'u'
    case append = 0x61  // 'a'
    case appends = 0x65  // 'e'
    case binPersID = 0x51  // 'Q'

    /// The name `pickletools` uses for the opcode.
    var description: String {
        switch self {
        case .proto: "PROTO"
        case .stop: "STOP"
        case .mark: "MARK"
        case .emptyDict: "EMPTY_DICT"
        case .emptyList: "EMPTY_LIST"
        case .emptyTuple: "EMPTY_TUPLE"
        case .tuple: "TUPLE"
        case .tuple1: "TUPLE1"
        case .tuple2: "TUPLE2"
        case .tuple3: "TUPLE3"
        case .binInt: "BININT"
        case .binInt1: "BININT1"
        case .binInt2: "BININT2"
        case .long1: "LONG1"
        case .long4: "LONG4"
        case .binFloat: "BINFLOAT"
        case .none: "NONE"
        case .newTrue: "NEWTRUE"
        case .newFalse: "NEWFALSE"
        case .binUnicode: "BINUNICODE"
        case .binString: "BINSTRING"
        case .shortBinString: "SHORT_BINSTRING"
        case .global: "GLOBAL"
        case .reduce: "REDUCE"
        case .build: "BUILD"
        case .binPut: "BINPUT"
        case .longBinPut: "LONG_BINPUT"
        case .binGet: "BINGET"
        case .longBinGet: "LONG_BINGET"
        case .setItem: "SETITEM"
        case .setItems: "SETITEMS"
        case .append: "APPEND"
        case .appends: "APPENDS"
        case .binPersID: "BINPERSID"
        }
    }
}
