/// What one run of the pickle machine produced.
struct PickleResult: Sendable {
    /// The object on top of the stack at `STOP`.
    let value: PickleValue
    /// The lists and dicts the value (transitively) refers to.
    let heap: PickleHeap
    /// The byte offset just after the `STOP` opcode.
    let endOffset: Int
}

/// A small, safe pickle virtual machine for the protocol-2 subset in ``PickleOpcode``.
///
/// It never executes anything: `GLOBAL` yields an inert name, `REDUCE` yields an inert
/// ``PickleCall`` (except `collections.OrderedDict()`, which makes an empty dict so that
/// `SETITEMS` can fill it), and `BINPERSID` yields a ``PickleValue/persistentID(_:)``.
/// Stack semantics follow CPython's `_pickle`: a `MARK` starts a fresh stack frame,
/// and popping below it is an underflow.
struct PickleMachine {
    private var reader: ByteReader
    private let limits: PickleLimits
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    private var heap = PickleHeap()
    private var containerCount = 0
    private var elementCount = 0
    private var dictKeyBytes = 0
    /// Offset and opcode being executed, for error messages.
    private var opcodeOffset = 0
    private var opcode = PickleOpcode.proto

    private init(bytes: [UInt8], offset: Int, limits: PickleLimits) {
        self.reader = ByteReader(bytes: bytes, offset: offset)
        self.limits = limits
    }

    /// Unpickles one pickle starting at `offset` and stopping after its `STOP` opcode.
    static func unpickle(
        _ bytes: [UInt8],
        at offset: Int,
        limits: PickleLimits = .standard
    ) throws(TorchFormatError) -> PickleResult {
        var machine = PickleMachine(bytes: bytes, offset: offset, limits: limits)
        return try machine.run()
    }

    // MARK: - Main loop

    private mutating func run() throws(TorchFormatError) -> PickleResult {
        while true {
            opcodeOffset = reader.offset
            let byte = try reader.readUInt8("pickle opcode")
            guard let decoded = PickleOpcode(rawValue: byte) else {
                throw .unknownOpcode(opcode: byte, offset: opcodeOffset)
            }
            opcode = decoded
            if decoded == .stop {
                let value = try pop()
                return PickleResult(value: value, heap: heap, endOffset: reader.offset)
            }
            try execute(decoded)
        }
    }

    private mutating func execute(_ opcode: PickleOpcode) throws(TorchFormatError) {
        switch opcode {
        case .stop:
            break  // handled by run()
        case .proto:
            let version = try reader.readUInt8("PROTO version")
            guard version <= 5 else {
                throw malformed(expected: "protocol version ≤ 5", found: "\(version)")
            }
        case .mark:
            guard marks.count < limits.maximumMarks else {
                throw .limitExceeded(offset: opcodeOffset, limit: "open MARKs", maximum: limits.maximumMarks)
            }
            marks.append(stack.count)

        // Scalars
        case .none:
            try push(.none)
        case .newTrue:
            try push(.bool(true))
        case .newFalse:
            try push(.bool(false))
        case .binInt:
            try push(.int(Int64(try reader.readInt32("BININT operand"))))
        case .binInt1:
            try push(.int(Int64(try reader.readUInt8("BININT1 operand"))))
        case .binInt2:
            try push(.int(Int64(try reader.readUInt16("BININT2 operand"))))
        case .long1:
            let length = Int(try reader.readUInt8("LONG1 length"))
            try push(PickleValue.integer(littleEndian: try reader.readBytes(length, "LONG1 payload")))
        case .long4:
            let length = Int(try reader.readInt32("LONG4 length"))
            guard length >= 0 else { throw malformed(expected: "non-negative LONG4 length", found: "\(length)") }
            guard length <= limits.maximumIntegerBytes else {
                throw .limitExceeded(offset: opcodeOffset, limit: "LONG4 byte length", maximum: limits.maximumIntegerBytes)
            }
            try push(PickleValue.integer(littleEndian: try reader.readBytes(length, "LONG4 payload")))
        case .binFloat:
            try push(.float(try reader.readBigEndianDouble("BINFLOAT operand")))
        case .binUnicode:
            let length = Int(try reader.readUInt32("BINUNICODE length"))
            try push(.string(try readUTF8(length)))
        case .binString:
            let length = Int(try reader.readInt32("BINSTRING length"))
            guard length >= 0 else { throw malformed(expected: "non-negative BINSTRING length", found: "\(length)") }
            try push(.string(try readUTF8(length)))
        case .shortBinString:
            let length = Int(try reader.readUInt8("SHORT_BINSTRING length"))
            try push(.string(try readUTF8(length)))

        // Containers
        case .emptyTuple:
            try push(.tuple(PickleTuple([])))
        case .tuple:
            try push(.tuple(try makeTuple(try popToMark())))
        case .tuple1:
            let first = try pop()
            try push(.tuple(try makeTuple([first])))
        case .tuple2:
            let second = try pop()
            let first = try pop()
            try push(.tuple(try makeTuple([first, second])))
        case .tuple3:
            let third = try pop()
            let second = try pop()
            let first = try pop()
            try push(.tuple(try makeTuple([first, second, third])))
        case .emptyList:
            try reserveContainer()
            try push(.list(heap.makeList()))
        case .emptyDict:
            try reserveContainer()
            try push(.dict(heap.makeDict()))
        case .append:
            let value = try pop()
            try appendToTopList([value])
        case .appends:
            let values = try popToMark()
            try appendToTopList(values)
        case .setItem:
            let value = try pop()
            let key = try pop()
            try setItemsInTopDict([key, value])
        case .setItems:
            let items = try popToMark()
            guard items.count % 2 == 0 else {
                throw malformed(expected: "an even number of items", found: "\(items.count)")
            }
            try setItemsInTopDict(items)

        // Memo
        case .binPut:
            try memoize(Int(try reader.readUInt8("BINPUT index")))
        case .longBinPut:
            try memoize(Int(try reader.readUInt32("LONG_BINPUT index")))
        case .binGet:
            try recall(Int(try reader.readUInt8("BINGET index")))
        case .longBinGet:
            try recall(Int(try reader.readUInt32("LONG_BINGET index")))

        // Objects
        case .global:
            let module = try readGlobalLine("GLOBAL module")
            let name = try readGlobalLine("GLOBAL name")
            try push(.global(module: module, name: name))
        case .reduce:
            let arguments = try pop()
            let callable = try pop()
            guard case .global(let module, let name) = callable else {
                throw malformed(expected: "a GLOBAL callable", found: callable.kindDescription)
            }
            guard case .tuple(let tuple) = arguments else {
                throw malformed(expected: "an argument tuple", found: arguments.kindDescription)
            }
            if module == "collections", name == "OrderedDict", tuple.items.isEmpty {
                try reserveContainer()
                try push(.dict(heap.makeDict()))
            } else {
                let call = PickleCall(module: module, name: name, arguments: tuple)
                try checkDepth(call.arguments.depth + 1)
                try push(.call(call))
            }
        case .build:
            let state = try pop()
            let target = try top()
            guard case .dict(let id) = target else {
                throw malformed(expected: "an OrderedDict to BUILD", found: target.kindDescription)
            }
            heap.setState(state, of: id)
        case .binPersID:
            let pid = try pop()
            guard case .tuple(let tuple) = pid else {
                throw malformed(expected: "a persistent-id tuple", found: pid.kindDescription)
            }
            try checkDepth(tuple.depth + 1)
            try push(.persistentID(tuple))
        }
    }

    // MARK: - Stack

    private var frameBase: Int { marks.last ?? 0 }

    private mutating func push(_ value: PickleValue) throws(TorchFormatError) {
        guard stack.count < limits.maximumStackSize else {
            throw .limitExceeded(offset: opcodeOffset, limit: "pickle stack size", maximum: limits.maximumStackSize)
        }
        stack.append(value)
    }

    private mutating func pop() throws(TorchFormatError) -> PickleValue {
        guard stack.count > frameBase, let value = stack.popLast() else {
            throw .stackUnderflow(offset: opcodeOffset, opcode: opcode.description)
        }
        return value
    }

    private func top() throws(TorchFormatError) -> PickleValue {
        guard stack.count > frameBase, let value = stack.last else {
            throw .stackUnderflow(offset: opcodeOffset, opcode: opcode.description)
        }
        return value
    }

    private mutating func popToMark() throws(TorchFormatError) -> [PickleValue] {
        guard let mark = marks.popLast() else {
            throw malformed(expected: "an open MARK", found: "none")
        }
        let values = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return values
    }

    // MARK: - Containers

    private mutating func makeTuple(_ items: [PickleValue]) throws(TorchFormatError) -> PickleTuple {
        try reserveElements(items.count)
        let tuple = PickleTuple(items)
        try checkDepth(tuple.depth)
        return tuple
    }

    private mutating func appendToTopList(_ values: [PickleValue]) throws(TorchFormatError) {
        let target = try top()
        guard case .list(let id) = target else {
            throw malformed(expected: "a list", found: target.kindDescription)
        }
        try reserveElements(values.count)
        heap.append(contentsOf: values, to: id)
    }

    private mutating func setItemsInTopDict(_ items: [PickleValue]) throws(TorchFormatError) {
        let target = try top()
        guard case .dict(let id) = target else {
            throw malformed(expected: "a dict", found: target.kindDescription)
        }
        try reserveElements(items.count)
        var index = 0
        while index + 1 < items.count {
            guard let key = PickleDictKey(items[index]) else {
                throw malformed(expected: "a str, int or None dict key", found: items[index].kindDescription)
            }
            if case .string(let string) = key {
                guard string.utf8.count <= limits.maximumDictKeyBytes - dictKeyBytes else {
                    throw .limitExceeded(offset: opcodeOffset, limit: "total dict key bytes", maximum: limits.maximumDictKeyBytes)
                }
                dictKeyBytes += string.utf8.count
            }
            heap.setItem(items[index + 1], forKey: key, in: id)
            index += 2
        }
    }

    private mutating func reserveContainer() throws(TorchFormatError) {
        guard containerCount < limits.maximumContainers else {
            throw .limitExceeded(offset: opcodeOffset, limit: "number of lists and dicts", maximum: limits.maximumContainers)
        }
        containerCount += 1
    }

    private mutating func reserveElements(_ count: Int) throws(TorchFormatError) {
        guard count <= limits.maximumElements - elementCount else {
            throw .limitExceeded(offset: opcodeOffset, limit: "total container elements", maximum: limits.maximumElements)
        }
        elementCount += count
    }

    private func checkDepth(_ depth: Int) throws(TorchFormatError) {
        guard depth <= limits.maximumNestingDepth else {
            throw .limitExceeded(offset: opcodeOffset, limit: "nesting depth", maximum: limits.maximumNestingDepth)
        }
    }

    // MARK: - Memo

    private mutating func memoize(_ index: Int) throws(TorchFormatError) {
        guard index <= limits.maximumMemoIndex else {
            throw .limitExceeded(offset: opcodeOffset, limit: "memo index", maximum: limits.maximumMemoIndex)
        }
        let value = try top()
        if memo[index] == nil, memo.count >= limits.maximumMemoSize {
            throw .limitExceeded(offset: opcodeOffset, limit: "memo size", maximum: limits.maximumMemoSize)
        }
        memo[index] = value
    }

    private mutating func recall(_ index: Int) throws(TorchFormatError) {
        guard let value = memo[index] else {
            throw .missingMemo(offset: opcodeOffset, index: index)
        }
        try push(value)
    }

    // MARK: - Operands

    private mutating func readUTF8(_ length: Int) throws(TorchFormatError) -> String {
        let bytes = try reader.readBytes(length, "\(opcode) payload")
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw malformed(expected: "UTF-8 text", found: "invalid UTF-8 in \(length) bytes")
        }
        return string
    }

    private mutating func readGlobalLine(_ context: String) throws(TorchFormatError) -> String {
        let line = try reader.readLine(maximumLength: limits.maximumGlobalNameLength, context)
        guard line.isEmpty == false, let string = String(validating: line, as: UTF8.self) else {
            throw malformed(expected: "a non-empty UTF-8 \(context)", found: "\(line.count) invalid bytes")
        }
        return string
    }

    private func malformed(expected: String, found: String) -> TorchFormatError {
        .malformedPickle(offset: opcodeOffset, opcode: opcode.description, expected: expected, found: found)
    }
}
