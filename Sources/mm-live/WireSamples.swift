/// Hyperliquid-shaped frames for the benchmark, built the way the exchange writes them
/// (same keys, decimal strings, BTC-like prices and sizes).
enum WireSamples {
    /// An `l2Book` frame with `levels` levels a side around 105,050.
    static func l2BookFrame(levels: Int) -> String {
        func side(_ start: Int, _ step: Int) -> String {
            (0..<levels).map { i in
                #"{"px":"\#(start + step * i).0","sz":"\#(i % 7).\#(10_000 + i * 3_917 % 89_999)","n":\#(1 + i % 9)}"#
            }.joined(separator: ",")
        }
        return #"{"channel":"l2Book","data":{"coin":"BTC","time":1737918843893,"levels":[[\#(side(105_050, -1))],[\#(side(105_051, 1))]]}}"#
    }

    /// A `trades` frame with `count` trades.
    static func tradesFrame(count: Int) -> String {
        let trades = (0..<count).map { i in
            #"{"coin":"BTC","side":"\#(i % 2 == 0 ? "B" : "A")","px":"\#(105_050 + i % 3).0","sz":"0.00\#(100 + i * 37)","time":\#(1_737_918_794_873 + i),"hash":"0xde477894bfb2b4eac0a8041c9228ca013100955485522c8e6e787dfa0077475b","tid":\#(121_451_470_284_048 + i),"users":["0xe9ed7e16612d676df804f5aecd16e1f9bf9ec9dd","0x6802b4267f7f2bf7003dcf993c51542245b38329"]}"#
        }
        return #"{"channel":"trades","data":[\#(trades.joined(separator: ","))]}"#
    }
}
