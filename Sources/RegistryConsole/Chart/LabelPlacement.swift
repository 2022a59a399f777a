/// Places the points' labels so that none covers another label or a marker: each label takes the
/// first free spot among right-above, right-below, left-above and left-below its marker, then
/// further up and down; the chosen point is placed first.
struct LabelPlacement {
    struct Item {
        var x: Double
        var y: Double
        var radius: Double
        var text: String
        var isFirst: Bool
    }

    /// Where a label's text starts (`anchor` "start") or ends (`anchor` "end"), at its baseline.
    struct Spot: Equatable {
        var x: Double
        var y: Double
        var anchor: String
    }

    private struct Box {
        var left: Double
        var top: Double
        var right: Double
        var bottom: Double

        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }
    }

    /// Estimated width of one character of the 11 px label font, and the label's height.
    static let characterWidth = 6.2
    static let lineHeight = 12.0

    /// A spot for every item, in the items' order; labels stay within `0…maximumX`.
    static func place(_ items: [Item], maximumX: Double) -> [Spot] {
        var taken = items.map { Box(left: $0.x - $0.radius, top: $0.y - $0.radius, right: $0.x + $0.radius, bottom: $0.y + $0.radius) }
        var spots = [Spot?](repeating: nil, count: items.count)
        let order = items.indices.sorted { (items[$0].isFirst ? 0 : 1, items[$0].x) < (items[$1].isFirst ? 0 : 1, items[$1].x) }
        for index in order {
            let item = items[index]
            let width = Double(item.text.count) * characterWidth
            let gap = item.radius + 4
            let above = item.y - item.radius - 2
            let below = item.y + item.radius + lineHeight
            var candidates = [
                Spot(x: item.x + gap, y: above, anchor: "start"), Spot(x: item.x + gap, y: below, anchor: "start"),
                Spot(x: item.x - gap, y: above, anchor: "end"), Spot(x: item.x - gap, y: below, anchor: "end"),
            ]
            for step in 1...4 {
                candidates.append(Spot(x: item.x + gap, y: above - Double(step) * lineHeight, anchor: "start"))
                candidates.append(Spot(x: item.x + gap, y: below + Double(step) * lineHeight, anchor: "start"))
            }
            func box(_ spot: Spot) -> Box {
                let left = spot.anchor == "start" ? spot.x : spot.x - width
                return Box(left: left, top: spot.y - lineHeight + 2, right: left + width, bottom: spot.y + 2)
            }
            let fits = candidates.first { spot in
                let box = box(spot)
                return box.left >= 0 && box.right <= maximumX && !taken.contains { $0.overlaps(box) }
            }
            let spot = fits ?? candidates[0]
            taken.append(box(spot))
            spots[index] = spot
        }
        return spots.map { $0 ?? Spot(x: 0, y: 0, anchor: "start") }
    }
}
