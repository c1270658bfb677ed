// Words the server writes itself and stores or sends: notifications (the bell), chat system
// messages and guests' default names, and the support assistant's own sentences (FAQ answers and
// listing titles stay as their authors wrote them). Each is written in its reader's language when
// it is created (lib/notifications/text.ts picks the recipient's; the assistant the writer's).
import { defineArea } from "../area.ts";

export const server = defineArea({
  en: {
    // ---- notifications (title + body)
    "server.notif.sale.title": 'You sold "{title}"',
    "server.notif.sale.body": "{amount} is held for the refund window",
    "server.notif.delivered.title": '"{title}" is in your pages',
    "server.notif.delivered.body": "Edit your copy and publish it under your own address",
    "server.notif.paymentRefunded.title": "Your payment was refunded",
    "server.notif.reason.owned": "You already own this template",
    "server.notif.reason.offSale": "The template was taken off sale before your payment completed",
    "server.notif.reason.price": "The amount paid did not match the price",
    "server.notif.reason.codeUsedUp": "The code {code} was used up",
    "server.notif.refundSeller.title": '"{title}" was refunded',
    "server.notif.refundSeller.titlePartly": '"{title}" was partly refunded',
    "server.notif.refundSeller.body": "{amount} was taken back from your balance",
    "server.notif.refundBuyer.title": 'Your purchase of "{title}" was refunded',
    "server.notif.refundBuyer.titlePartly": 'Your purchase of "{title}" was partly refunded',
    "server.notif.refundBuyer.bodyFull":
      "You keep the copy you made; it no longer receives updates",
    "server.notif.refundBuyer.bodyPartly": "{amount} went back to your card",
    "server.notif.disputeOpened.title": 'A payment for "{title}" is disputed',
    "server.notif.disputeOpened.body": "Your share of {amount} is held until it closes",
    "server.notif.disputeWon.title": 'The dispute over "{title}" was won',
    "server.notif.disputeWon.body": "Your share is yours again",
    "server.notif.refundFailed.title": "{provider} did not make a refund",
    "server.notif.refundFailed.body":
      "{error}. The order stays refunded here: refund {amount} {currency} of transaction {tx} in the {provider} portal.",
    "server.notif.refundFailed.bodyUnsure":
      "{error}. The order stays refunded here: check in the {provider} portal whether it was made, else refund {amount} {currency} of transaction {tx} in the {provider} portal.",
    "server.notif.payoutPaid.title": "Your payout of {amount} was sent",
    "server.notif.payoutPaid.body": "Reference {reference}",
    "server.notif.payoutFailed.title": "Your payout of {amount} failed",
    "server.notif.payoutFailed.body":
      "The amount is back in your available balance. Check your payout details.",
    "server.notif.lead.title": "New lead on {page}",
    "server.notif.listingLive.title": '"{title}" is live in the marketplace',
    "server.notif.updateLive.title": 'The update of "{title}" is live in the marketplace',
    "server.notif.listingRejected.title": '"{title}" was not approved',
    "server.notif.updateRejected.title": 'The update of "{title}" was not approved',
    "server.notif.listingLive.body": "Buyers get it from now on.",
    "server.notif.updateRejected.body": "Buyers keep getting the approved version. {reason}",
    "server.notif.review.title": 'New {rating}★ review of "{title}"',
    "server.notif.reviewReply.title": '{name} replied to your review of "{title}"',
    "server.notif.chatReply.title": "New reply from support",
    "server.notif.chatUserReplied.title": "{name} replied",
    "server.notif.waitingHuman.title": "{name} is waiting for a human",

    // ---- chat system messages and guests' names
    "server.chat.joined": "{name} joined the conversation.",
    "server.chat.resolved": "This conversation was marked as resolved.",
    "server.chat.reopened": "This conversation was reopened.",
    "server.chat.visitor": "Visitor",
    "server.chat.guest": "Guest",

    // ---- the support assistant's own words
    "server.ai.greeting":
      "Hi! I'm LandingHub's assistant. Ask me about building, publishing or selling pages, leads, payouts or your account, and I'll answer right away. You can ask to talk to a person at any time.",
    "server.ai.noAnswer":
      "I couldn't find an answer to that in our help articles, and I'd rather not guess. I've asked our support team to take a look; a person will reply here soon.",
    "server.ai.alsoLike": "You might also like: {list}.",
    "server.ai.fromFaq": '(From our FAQ: "{question}". Ask for a person any time.)',
    "server.ai.unsureFaq":
      "I'm not completely sure that answers your question: it's from our FAQ \"{question}\". If it doesn't help, tell me a bit more, or ask to talk to a person.",
    "server.ai.templatesMatch": "These templates match what you're looking for:",
    "server.ai.templatesClose": "These templates might be close to what you're looking for:",
    "server.ai.templatesCopy": "Each one comes as an editable copy in your pages after purchase.",
    "server.ai.human":
      "Of course — I've asked a member of our team to join. They'll reply right here.",
    "server.ai.payment":
      "Payment and refund questions are handled by our team, so I've asked someone to join this conversation.",
    "server.ai.modelError":
      "Sorry, I couldn't look that up just now. I've passed your question to our support team, who will reply here.",
  },
  vi: {
    "server.notif.sale.title": "Bạn đã bán được “{title}”",
    "server.notif.sale.body": "{amount} được tạm giữ trong thời hạn hoàn tiền",
    "server.notif.delivered.title": "“{title}” đã có trong danh sách trang của bạn",
    "server.notif.delivered.body": "Chỉnh sửa bản sao của bạn và xuất bản tại địa chỉ riêng",
    "server.notif.paymentRefunded.title": "Khoản thanh toán của bạn đã được hoàn tiền",
    "server.notif.reason.owned": "Bạn đã sở hữu mẫu này",
    "server.notif.reason.offSale": "Mẫu đã ngừng bán trước khi thanh toán của bạn hoàn tất",
    "server.notif.reason.price": "Số tiền đã thanh toán không khớp với giá",
    "server.notif.reason.codeUsedUp": "Mã {code} đã hết lượt sử dụng",
    "server.notif.refundSeller.title": "“{title}” đã được hoàn tiền",
    "server.notif.refundSeller.titlePartly": "“{title}” đã được hoàn tiền một phần",
    "server.notif.refundSeller.body": "{amount} đã được trừ khỏi số dư của bạn",
    "server.notif.refundBuyer.title": "Đơn mua “{title}” của bạn đã được hoàn tiền",
    "server.notif.refundBuyer.titlePartly": "Đơn mua “{title}” của bạn đã được hoàn tiền một phần",
    "server.notif.refundBuyer.bodyFull":
      "Bạn vẫn giữ bản sao đã tạo, nhưng bản sao này sẽ không còn nhận bản cập nhật",
    "server.notif.refundBuyer.bodyPartly": "{amount} đã được hoàn về thẻ của bạn",
    "server.notif.disputeOpened.title": "Một khoản thanh toán cho “{title}” đang bị khiếu nại",
    "server.notif.disputeOpened.body":
      "Phần của bạn ({amount}) được tạm giữ cho đến khi khiếu nại kết thúc",
    "server.notif.disputeWon.title": "Bạn đã thắng khiếu nại về “{title}”",
    "server.notif.disputeWon.body": "Phần tiền của bạn đã được trả lại",
    "server.notif.refundFailed.title": "{provider} chưa thực hiện hoàn tiền",
    "server.notif.refundFailed.body":
      "{error}. Đơn hàng vẫn ở trạng thái đã hoàn tiền tại đây: hãy hoàn {amount} {currency} của giao dịch {tx} trên cổng quản trị {provider}.",
    "server.notif.refundFailed.bodyUnsure":
      "{error}. Đơn hàng vẫn ở trạng thái đã hoàn tiền tại đây: hãy kiểm tra trên cổng quản trị {provider} xem giao dịch hoàn tiền đã được thực hiện chưa; nếu chưa, hãy hoàn {amount} {currency} của giao dịch {tx} trên cổng {provider}.",
    "server.notif.payoutPaid.title": "Khoản rút tiền {amount} của bạn đã được chuyển",
    "server.notif.payoutPaid.body": "Mã tham chiếu {reference}",
    "server.notif.payoutFailed.title": "Khoản rút tiền {amount} của bạn không thành công",
    "server.notif.payoutFailed.body":
      "Số tiền đã được trả lại vào số dư khả dụng. Vui lòng kiểm tra thông tin nhận tiền của bạn.",
    "server.notif.lead.title": "Khách hàng tiềm năng mới trên {page}",
    "server.notif.listingLive.title": "“{title}” đã được đăng bán trên chợ mẫu",
    "server.notif.updateLive.title": "Bản cập nhật của “{title}” đã được áp dụng trên chợ mẫu",
    "server.notif.listingRejected.title": "“{title}” chưa được duyệt",
    "server.notif.updateRejected.title": "Bản cập nhật của “{title}” chưa được duyệt",
    "server.notif.listingLive.body": "Từ giờ người mua sẽ nhận được phiên bản này.",
    "server.notif.updateRejected.body": "Người mua vẫn nhận phiên bản đã được duyệt. {reason}",
    "server.notif.review.title": "Đánh giá {rating}★ mới cho “{title}”",
    "server.notif.reviewReply.title": "{name} đã trả lời đánh giá của bạn về “{title}”",
    "server.notif.chatReply.title": "Bộ phận hỗ trợ vừa trả lời bạn",
    "server.notif.chatUserReplied.title": "{name} đã trả lời",
    "server.notif.waitingHuman.title": "{name} đang chờ nhân viên hỗ trợ",

    "server.chat.joined": "{name} đã tham gia cuộc trò chuyện.",
    "server.chat.resolved": "Cuộc trò chuyện này đã được đánh dấu là đã giải quyết.",
    "server.chat.reopened": "Cuộc trò chuyện này đã được mở lại.",
    "server.chat.visitor": "Khách truy cập",
    "server.chat.guest": "Khách",

    "server.ai.greeting":
      "Xin chào! Tôi là trợ lý của LandingHub. Hãy hỏi tôi về cách tạo, xuất bản hoặc bán trang, khách hàng tiềm năng, rút tiền hay tài khoản của bạn, tôi sẽ trả lời ngay. Bạn có thể yêu cầu nói chuyện với nhân viên bất cứ lúc nào.",
    "server.ai.noAnswer":
      "Tôi chưa tìm thấy câu trả lời cho câu hỏi này trong các bài viết hướng dẫn và không muốn đoán mò. Tôi đã nhờ đội ngũ hỗ trợ xem giúp; nhân viên sẽ sớm trả lời bạn tại đây.",
    "server.ai.alsoLike": "Có thể bạn cũng thích: {list}.",
    "server.ai.fromFaq":
      "(Trích từ Câu hỏi thường gặp: “{question}”. Bạn có thể yêu cầu gặp nhân viên bất cứ lúc nào.)",
    "server.ai.unsureFaq":
      "Tôi không chắc câu trả lời này đúng với câu hỏi của bạn: nó được trích từ Câu hỏi thường gặp “{question}”. Nếu chưa giúp được, hãy nói rõ hơn một chút hoặc yêu cầu nói chuyện với nhân viên.",
    "server.ai.templatesMatch": "Những mẫu sau phù hợp với điều bạn đang tìm:",
    "server.ai.templatesClose": "Những mẫu sau có thể gần với điều bạn đang tìm:",
    "server.ai.templatesCopy":
      "Sau khi mua, mỗi mẫu sẽ có một bản sao chỉnh sửa được trong danh sách trang của bạn.",
    "server.ai.human":
      "Tất nhiên rồi — tôi đã mời một thành viên trong đội ngũ của chúng tôi tham gia. Họ sẽ trả lời bạn ngay tại đây.",
    "server.ai.payment":
      "Các câu hỏi về thanh toán và hoàn tiền do đội ngũ của chúng tôi xử lý, nên tôi đã mời một nhân viên tham gia cuộc trò chuyện này.",
    "server.ai.modelError":
      "Xin lỗi, hiện tôi chưa tra cứu được thông tin này. Tôi đã chuyển câu hỏi của bạn đến đội ngũ hỗ trợ, họ sẽ trả lời bạn tại đây.",
  },
  th: {
    "server.notif.sale.title": "คุณขาย “{title}” ได้แล้ว",
    "server.notif.sale.body": "{amount} ถูกพักไว้ในช่วงระยะเวลาขอคืนเงิน",
    "server.notif.delivered.title": "“{title}” อยู่ในหน้าเพจของคุณแล้ว",
    "server.notif.delivered.body": "แก้ไขสำเนาของคุณแล้วเผยแพร่ภายใต้ที่อยู่ของคุณเอง",
    "server.notif.paymentRefunded.title": "การชำระเงินของคุณได้รับการคืนเงินแล้ว",
    "server.notif.reason.owned": "คุณมีเทมเพลตนี้อยู่แล้ว",
    "server.notif.reason.offSale": "เทมเพลตถูกนำออกจากการขายก่อนที่การชำระเงินของคุณจะเสร็จสมบูรณ์",
    "server.notif.reason.price": "ยอดที่ชำระไม่ตรงกับราคา",
    "server.notif.reason.codeUsedUp": "โค้ด {code} ถูกใช้ครบจำนวนแล้ว",
    "server.notif.refundSeller.title": "“{title}” ถูกคืนเงินแล้ว",
    "server.notif.refundSeller.titlePartly": "“{title}” ถูกคืนเงินบางส่วนแล้ว",
    "server.notif.refundSeller.body": "{amount} ถูกหักออกจากยอดเงินของคุณ",
    "server.notif.refundBuyer.title": "การซื้อ “{title}” ของคุณได้รับการคืนเงินแล้ว",
    "server.notif.refundBuyer.titlePartly": "การซื้อ “{title}” ของคุณได้รับการคืนเงินบางส่วนแล้ว",
    "server.notif.refundBuyer.bodyFull": "คุณยังเก็บสำเนาที่สร้างไว้ได้ แต่จะไม่ได้รับการอัปเดตอีก",
    "server.notif.refundBuyer.bodyPartly": "{amount} ถูกคืนเข้าบัตรของคุณแล้ว",
    "server.notif.disputeOpened.title": "มีการโต้แย้งการชำระเงินสำหรับ “{title}”",
    "server.notif.disputeOpened.body": "ส่วนแบ่งของคุณ {amount} ถูกพักไว้จนกว่าการโต้แย้งจะสิ้นสุด",
    "server.notif.disputeWon.title": "คุณชนะการโต้แย้งเกี่ยวกับ “{title}”",
    "server.notif.disputeWon.body": "ส่วนแบ่งของคุณกลับมาเป็นของคุณแล้ว",
    "server.notif.refundFailed.title": "{provider} ไม่ได้ทำการคืนเงิน",
    "server.notif.refundFailed.body":
      "{error} คำสั่งซื้อนี้ยังคงมีสถานะคืนเงินแล้วในระบบ: โปรดคืนเงิน {amount} {currency} ของธุรกรรม {tx} ในพอร์ทัลของ {provider}",
    "server.notif.refundFailed.bodyUnsure":
      "{error} คำสั่งซื้อนี้ยังคงมีสถานะคืนเงินแล้วในระบบ: โปรดตรวจสอบในพอร์ทัลของ {provider} ว่าคืนเงินแล้วหรือยัง หากยัง โปรดคืนเงิน {amount} {currency} ของธุรกรรม {tx} ในพอร์ทัลของ {provider}",
    "server.notif.payoutPaid.title": "ส่งยอดถอนเงิน {amount} ของคุณแล้ว",
    "server.notif.payoutPaid.body": "เลขอ้างอิง {reference}",
    "server.notif.payoutFailed.title": "การถอนเงิน {amount} ของคุณไม่สำเร็จ",
    "server.notif.payoutFailed.body": "ยอดเงินกลับเข้าสู่ยอดคงเหลือที่ใช้ได้แล้ว โปรดตรวจสอบข้อมูลการรับเงินของคุณ",
    "server.notif.lead.title": "มีลีดใหม่จาก {page}",
    "server.notif.listingLive.title": "“{title}” วางขายในมาร์เก็ตเพลสแล้ว",
    "server.notif.updateLive.title": "อัปเดตของ “{title}” เผยแพร่ในมาร์เก็ตเพลสแล้ว",
    "server.notif.listingRejected.title": "“{title}” ไม่ผ่านการอนุมัติ",
    "server.notif.updateRejected.title": "อัปเดตของ “{title}” ไม่ผ่านการอนุมัติ",
    "server.notif.listingLive.body": "ผู้ซื้อจะได้รับเวอร์ชันนี้ตั้งแต่ตอนนี้",
    "server.notif.updateRejected.body": "ผู้ซื้อยังคงได้รับเวอร์ชันที่อนุมัติแล้ว {reason}",
    "server.notif.review.title": "รีวิว {rating}★ ใหม่สำหรับ “{title}”",
    "server.notif.reviewReply.title": "{name} ตอบกลับรีวิวของคุณเกี่ยวกับ “{title}”",
    "server.notif.chatReply.title": "ฝ่ายสนับสนุนตอบกลับคุณแล้ว",
    "server.notif.chatUserReplied.title": "{name} ตอบกลับแล้ว",
    "server.notif.waitingHuman.title": "{name} กำลังรอเจ้าหน้าที่",

    "server.chat.joined": "{name} เข้าร่วมการสนทนาแล้ว",
    "server.chat.resolved": "การสนทนานี้ถูกทำเครื่องหมายว่าแก้ไขแล้ว",
    "server.chat.reopened": "การสนทนานี้ถูกเปิดอีกครั้ง",
    "server.chat.visitor": "ผู้เยี่ยมชม",
    "server.chat.guest": "ผู้ใช้ทั่วไป",

    "server.ai.greeting":
      "สวัสดีค่ะ! ฉันเป็นผู้ช่วยของ LandingHub สอบถามเรื่องการสร้าง เผยแพร่ หรือขายหน้าเพจ ลีด การถอนเงิน หรือบัญชีของคุณได้เลย ฉันจะตอบทันที และคุณขอคุยกับเจ้าหน้าที่ได้ทุกเมื่อ",
    "server.ai.noAnswer":
      "ฉันไม่พบคำตอบสำหรับคำถามนี้ในบทความช่วยเหลือของเรา และไม่อยากเดา จึงได้แจ้งทีมสนับสนุนให้ช่วยดูแล้ว เจ้าหน้าที่จะตอบกลับที่นี่เร็ว ๆ นี้",
    "server.ai.alsoLike": "คุณอาจสนใจ: {list}",
    "server.ai.fromFaq": "(จากคำถามที่พบบ่อย: “{question}” ขอคุยกับเจ้าหน้าที่ได้ทุกเมื่อ)",
    "server.ai.unsureFaq":
      "ฉันไม่แน่ใจนักว่านี่ตอบคำถามของคุณ: คำตอบนี้มาจากคำถามที่พบบ่อย “{question}” หากยังไม่ช่วย โปรดเล่ารายละเอียดเพิ่มอีกนิด หรือขอคุยกับเจ้าหน้าที่",
    "server.ai.templatesMatch": "เทมเพลตเหล่านี้ตรงกับสิ่งที่คุณกำลังมองหา:",
    "server.ai.templatesClose": "เทมเพลตเหล่านี้อาจใกล้เคียงกับสิ่งที่คุณกำลังมองหา:",
    "server.ai.templatesCopy": "หลังซื้อ แต่ละเทมเพลตจะเป็นสำเนาที่แก้ไขได้ในหน้าเพจของคุณ",
    "server.ai.human": "ได้เลยค่ะ ฉันได้ขอให้ทีมงานของเราเข้ามาร่วมแล้ว เจ้าหน้าที่จะตอบกลับที่นี่",
    "server.ai.payment":
      "คำถามเกี่ยวกับการชำระเงินและการคืนเงินจะดูแลโดยทีมงานของเรา ฉันจึงได้ขอให้เจ้าหน้าที่เข้าร่วมการสนทนานี้แล้ว",
    "server.ai.modelError": "ขออภัย ตอนนี้ฉันยังค้นหาข้อมูลนี้ไม่ได้ จึงได้ส่งคำถามของคุณต่อให้ทีมสนับสนุน ซึ่งจะตอบกลับที่นี่",
  },
});
