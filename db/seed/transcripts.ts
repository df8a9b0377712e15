/**
 * Contact reasons and transcript templates: turns that read like Northwind Retail support conversations.
 * Placeholders: {customer} {agent} {order} {amount} {item} {days} {email}.
 */
import type { Channel, TranscriptTurn } from "../schema";
import type { Random } from "./random";

export const QUEUES = ["billing", "orders", "returns", "technical", "account"] as const;
export type Queue = (typeof QUEUES)[number];

export type ContactReason = {
  label: string;
  queue: Queue;
  /** Relative likelihood within its queue. */
  weight: number;
  /** Propensity to end in an escalation, relative to the ~8% base rate. */
  escalation: number;
  /** Whether the agent must verify identity before acting (account data involved). */
  verify: boolean;
  subjects: string[];
  openings: string[];
  details: string[];
  investigation: string[];
  resolutions: string[];
  pending: string[];
  followUps: [question: string, answer: string][];
};

const reason = (r: ContactReason) => r;

export const CONTACT_REASONS: ContactReason[] = [
  reason({
    label: "Double charge",
    queue: "billing",
    weight: 3,
    escalation: 1.2,
    verify: true,
    subjects: ["Charged twice for order {order}", "Duplicate payment on my card"],
    openings: [
      "Hi, I've been charged twice for the same order, {amount} both times.",
      "My bank statement shows two payments of {amount} for order {order}. I only ordered once!",
    ],
    details: ["The order is {order} and my email is {email}.", "Sure, it's {email}. Order {order}, placed on Monday."],
    investigation: [
      "Thanks {customer}. I can see one captured payment and one pending authorisation for {amount}.",
      "I'm checking the payment log now. I can see both transactions against {order}.",
    ],
    resolutions: [
      "The second one is a pre-authorisation that drops off automatically within {days} working days, so you won't be charged twice.",
      "I've refunded the duplicate payment of {amount}. It reaches your card in {days} working days.",
    ],
    pending: ["I've raised this with our payments team; they'll confirm the refund by email within 48 hours."],
    followUps: [
      ["Will I get an email confirming that?", "Yes, a confirmation goes to {email} within the hour."],
      [
        "Why did that even happen?",
        "It happens when a payment times out and is retried. I'm sorry for the worry it caused.",
      ],
    ],
  }),
  reason({
    label: "Refund status",
    queue: "billing",
    weight: 3,
    escalation: 1,
    verify: true,
    subjects: ["Where is my refund for {order}?", "Refund not received yet"],
    openings: [
      "I returned an item two weeks ago and still haven't had my refund.",
      "Hello, I'm waiting for a refund of {amount} for order {order}.",
    ],
    details: ["Order {order}, the account is under {email}.", "It's {email}, the order number is {order}."],
    investigation: [
      "Thank you. I can see the return arrived at our warehouse last Thursday.",
      "Let me look at the refund record for {order}. One moment please.",
    ],
    resolutions: [
      "The refund of {amount} was issued yesterday; banks usually take {days} working days to show it.",
      "The refund was stuck at the inspection step. I've released it now, so it's on its way to your card.",
    ],
    pending: [
      "The warehouse hasn't scanned the parcel yet. I've asked them to check and we'll email you within 2 working days.",
    ],
    followUps: [
      ["Can you send me proof of the refund?", "Of course, I've emailed the refund reference to {email}."],
      ["Is it going back to the same card?", "Yes, it goes back to the card you paid with."],
    ],
  }),
  reason({
    label: "Invoice request",
    queue: "billing",
    weight: 1,
    escalation: 0.3,
    verify: true,
    subjects: ["VAT invoice for {order}", "Need an invoice for my company"],
    openings: [
      "Hi, I need a VAT invoice for order {order} for my expenses.",
      "Can I get an invoice with my company name on it?",
    ],
    details: ["The email is {email}. The company is Harbour Design Ltd.", "{email}, and it's order {order}."],
    investigation: [
      "Sure, I'm generating the invoice now.",
      "Thanks. I can add the company name to the billing details first.",
    ],
    resolutions: [
      "I've sent the VAT invoice to {email}; it should arrive in the next few minutes.",
      "The invoice is now available to download under Orders in your account.",
    ],
    pending: [
      "Company invoices are issued by our finance team; I've requested it and it will arrive within 3 working days.",
    ],
    followUps: [["Can you add our VAT number?", "Yes, I've added it, it will show on the invoice."]],
  }),
  reason({
    label: "Payment declined",
    queue: "billing",
    weight: 2,
    escalation: 0.8,
    verify: false,
    subjects: ["Card keeps getting declined", "Payment failed at checkout"],
    openings: [
      "My card keeps getting declined at checkout but it works everywhere else.",
      "I can't pay for my order, it just says payment failed.",
    ],
    details: ["It's a Visa debit card. I've tried three times.", "I'm using the app, and I tried PayPal too."],
    investigation: [
      "I can see three declined attempts; the bank returned a security check code.",
      "Let me check the payment attempts. Please don't share your card number here.",
    ],
    resolutions: [
      "Your bank asked for 3-D Secure approval. If you approve it in your banking app, the payment will go through.",
      "Please try once more in a private browser window; the saved card details were out of date.",
    ],
    pending: ["This needs your bank to lift the block; once they have, the basket is saved for 7 days."],
    followUps: [["Will my basket still be there?", "Yes, your basket is saved for 7 days."]],
  }),
  reason({
    label: "Where is my order",
    queue: "orders",
    weight: 4,
    escalation: 0.9,
    verify: true,
    subjects: ["Order {order} hasn't arrived", "Where is my parcel?"],
    openings: [
      "Hi, my order {order} was due yesterday and it still hasn't arrived.",
      "Where is my parcel? Tracking hasn't moved for four days.",
    ],
    details: ["It's {email}. I need it before Friday, it's a birthday present.", "Order {order}, my email is {email}."],
    investigation: [
      "Thanks {customer}. The courier shows the parcel at the local depot since Tuesday.",
      "I'm checking with the courier's system now.",
    ],
    resolutions: [
      "The courier has it on today's van; you'll get a delivery slot by text this morning.",
      "It was marked lost in transit, so I've sent a replacement by express at no charge.",
    ],
    pending: [
      "I've opened an investigation with the courier; they reply within 48 hours and we'll email you either way.",
    ],
    followUps: [
      ["Will it come before Friday?", "The express delivery is booked for Thursday, so yes."],
      ["Can you call me when you hear back?", "We'll email you, and you can reply directly to that email."],
    ],
  }),
  reason({
    label: "Change delivery address",
    queue: "orders",
    weight: 2,
    escalation: 0.5,
    verify: true,
    subjects: ["Wrong delivery address on {order}", "Please change my address"],
    openings: [
      "I've just realised I used my old address for order {order}.",
      "Can I change the delivery address on an order I placed this morning?",
    ],
    details: [
      "The email on the account is {email}. The new address is 14 Willow Lane.",
      "{email}. It should go to my office instead.",
    ],
    investigation: [
      "Thank you. The order hasn't been packed yet, so I can still change it.",
      "Let me see whether the order has left the warehouse.",
    ],
    resolutions: [
      "Done: the order will go to 14 Willow Lane and the delivery date stays the same.",
      "I've updated the address and you'll get a new confirmation email.",
    ],
    pending: [
      "It has already been handed to the courier, so I've asked them to redirect it; they'll confirm within a day.",
    ],
    followUps: [["Does that cost anything?", "No, there's no charge for the change."]],
  }),
  reason({
    label: "Cancel order",
    queue: "orders",
    weight: 2,
    escalation: 0.4,
    verify: true,
    subjects: ["Cancel order {order}", "I ordered the wrong size, please cancel"],
    openings: [
      "Please cancel order {order}, I ordered the wrong size.",
      "I'd like to cancel my order before it ships.",
    ],
    details: ["The email is {email}.", "It's order {order}, under {email}."],
    investigation: [
      "Thanks. The order is still in the picking queue.",
      "I'm checking whether it can still be stopped.",
    ],
    resolutions: [
      "I've cancelled the order and the {amount} authorisation will be released within {days} working days.",
      "It's cancelled. You'll see the confirmation in your inbox shortly.",
    ],
    pending: ["It has already shipped, so I can't cancel it, but I've pre-approved a free return for you."],
    followUps: [["Can I reorder in the right size now?", "Yes, and the price is the same as before."]],
  }),
  reason({
    label: "Missing item",
    queue: "orders",
    weight: 2,
    escalation: 1.2,
    verify: true,
    subjects: ["Item missing from {order}", "Parcel arrived without the {item}"],
    openings: [
      "My parcel arrived but the {item} is missing.",
      "Order {order} came today with only two of the three items.",
    ],
    details: ["It's {email}. The box looked fine, not opened.", "{email}. The missing one is the {item}."],
    investigation: [
      "I'm sorry about that. The packing record shows the {item} was split into a second parcel.",
      "Let me check the packing record for {order}.",
    ],
    resolutions: [
      "The {item} is in a second parcel arriving tomorrow; here is its tracking link.",
      "I've sent the {item} again by express; you don't need to return anything.",
    ],
    pending: ["I've asked the warehouse to check the packing camera footage; we'll email you within 2 working days."],
    followUps: [["Do I need to send photos?", "No, that won't be necessary."]],
  }),
  reason({
    label: "Start a return",
    queue: "returns",
    weight: 3,
    escalation: 0.3,
    verify: true,
    subjects: ["Return for {order}", "How do I return the {item}?"],
    openings: ["I'd like to return the {item} from order {order}.", "How do I send something back? It doesn't fit."],
    details: ["My email is {email}.", "Order {order}, {email}."],
    investigation: ["Thanks. The {item} is within the 30-day return window.", "I'm creating the return now."],
    resolutions: [
      "I've emailed you a prepaid label; drop the parcel at any post office within 14 days.",
      "Your return is booked and a courier will collect it tomorrow between 9 and 5.",
    ],
    pending: ["Large items need a collection booking; our logistics team will email you a slot within 2 days."],
    followUps: [["When will I get my money back?", "Within {days} working days of the parcel reaching us."]],
  }),
  reason({
    label: "Return label not received",
    queue: "returns",
    weight: 2,
    escalation: 0.6,
    verify: true,
    subjects: ["No return label received", "Return label missing for {order}"],
    openings: [
      "I requested a return yesterday but never got the label.",
      "The return label for {order} never arrived.",
    ],
    details: ["I've checked spam. The email is {email}.", "It's {email}."],
    investigation: [
      "I can see the label was generated but the email bounced.",
      "Let me resend it and check the address we have.",
    ],
    resolutions: [
      "I've resent the label to {email} and you can also download it under Orders.",
      "The label is on its way again; it arrived in our system just now.",
    ],
    pending: ["The label system is having a delay today; I'll send it manually within the next few hours."],
    followUps: [["Can I print it at the post office?", "Yes, just show the QR code in the email."]],
  }),
  reason({
    label: "Exchange for a different size",
    queue: "returns",
    weight: 2,
    escalation: 0.4,
    verify: true,
    subjects: ["Exchange the {item} for a bigger size", "Swap size on {order}"],
    openings: [
      "Can I exchange the {item} for a size up?",
      "The {item} is too small. Can I swap it instead of returning?",
    ],
    details: ["Order {order}, and I need a medium instead of small.", "It's {email}."],
    investigation: ["The medium is in stock, so I can set up an exchange.", "Let me check stock for the next size."],
    resolutions: [
      "I've reserved the medium; it ships as soon as the courier scans your return.",
      "The exchange is set up and the new size ships today.",
    ],
    pending: ["The medium is back in stock on the 12th; I've put a hold on one for you and we'll email when it ships."],
    followUps: [["Do I pay for postage?", "No, exchanges are free."]],
  }),
  reason({
    label: "Cannot log in",
    queue: "technical",
    weight: 2,
    escalation: 1,
    verify: true,
    subjects: ["Can't log in to my account", "Login keeps failing"],
    openings: [
      "I can't log in, it says my password is wrong but I just reset it.",
      "The app logs me out every time I try to sign in.",
    ],
    details: ["My email is {email}. I'm on an iPhone.", "{email}. I'm using Chrome on a laptop."],
    investigation: [
      "I can see the account was locked after five failed attempts.",
      "Thanks. Let me check the account status.",
    ],
    resolutions: [
      "I've unlocked the account; please reset the password once more with the link I just sent.",
      "Clearing the app's data and logging in again should fix it; the old session was stuck.",
    ],
    pending: [
      "Our technical team needs to look at this login error; I've logged it and they'll contact you within 24 hours.",
    ],
    followUps: [["Is my account safe?", "Yes, the lock is a safety feature; nobody else accessed it."]],
  }),
  reason({
    label: "App crashes at checkout",
    queue: "technical",
    weight: 2,
    escalation: 1.8,
    verify: false,
    subjects: ["App crashes when I pay", "Checkout keeps crashing"],
    openings: [
      "Every time I press Pay the app crashes.",
      "Your app closes on the checkout page, I've tried three times.",
    ],
    details: ["I'm on Android, app version 7.2.", "It's an iPhone 13 with the latest update."],
    investigation: [
      "Thanks, that's helpful. We've had a few reports of this on version 7.2.",
      "Let me check for known issues with that version.",
    ],
    resolutions: [
      "Updating to 7.2.1 from the store fixes it; your basket is saved.",
      "For now the website works fine, and your basket is shared with the app.",
    ],
    pending: ["I've added your report to the known issue; the fix is due in the next release this week."],
    followUps: [["Will I lose my basket?", "No, it's saved on your account."]],
  }),
  reason({
    label: "Promo code not working",
    queue: "technical",
    weight: 3,
    escalation: 0.6,
    verify: false,
    subjects: ["Promo code not accepted", "Discount code SPRING20 doesn't work"],
    openings: ["The code SPRING20 says it's not valid.", "My discount code isn't applying at checkout."],
    details: ["The basket is {amount}.", "It came in your newsletter yesterday."],
    investigation: [
      "That code needs a minimum basket of 50 and excludes sale items.",
      "Let me check the code's conditions.",
    ],
    resolutions: [
      "I've applied the discount to your order manually, so you'll pay {amount} less 20%.",
      "If you remove the sale item, the code will apply to the rest.",
    ],
    pending: ["The code looks faulty; I've reported it to marketing and we'll email you a working one today."],
    followUps: [["Can I use it twice?", "It's one use per account, I'm afraid."]],
  }),
  reason({
    label: "Update email address",
    queue: "account",
    weight: 2,
    escalation: 0.3,
    verify: true,
    subjects: ["Change the email on my account", "New email address"],
    openings: [
      "I need to change the email address on my account.",
      "I've lost access to my old email, can you update it?",
    ],
    details: ["The old one is {email}.", "The account is under {email}, and I can confirm my last order was {order}."],
    investigation: [
      "Thanks for confirming. I'll send a verification code to the new address.",
      "Let me check the security details on the account first.",
    ],
    resolutions: [
      "The email is updated; you'll use the new one to log in from now on.",
      "Done. A confirmation went to both addresses.",
    ],
    pending: [
      "As you can't access the old address, our security team needs to approve this; expect an email within 2 days.",
    ],
    followUps: [["Will my order history stay?", "Yes, everything stays on the account."]],
  }),
  reason({
    label: "Close account",
    queue: "account",
    weight: 1,
    escalation: 0.5,
    verify: true,
    subjects: ["Please close my account", "Delete my data"],
    openings: ["I'd like to close my account and have my data deleted.", "Please delete my account."],
    details: ["The email is {email}.", "It's {email}. I don't have any open orders."],
    investigation: [
      "I'm sorry to see you go. There are no open orders or refunds on the account.",
      "Let me check there's nothing pending first.",
    ],
    resolutions: [
      "I've submitted the closure; your data is deleted within 30 days and you'll get a confirmation.",
      "The account is closed and you'll receive a confirmation email.",
    ],
    pending: ["There's a refund still in progress, so the closure will happen once it completes; we'll email you."],
    followUps: [["Will I still get marketing emails?", "No, you're unsubscribed as of now."]],
  }),
  reason({
    label: "Loyalty points missing",
    queue: "account",
    weight: 2,
    escalation: 0.8,
    verify: true,
    subjects: ["Points not added for {order}", "Missing loyalty points"],
    openings: [
      "I didn't get my loyalty points for my last order.",
      "My points balance hasn't changed since order {order}.",
    ],
    details: ["It's {email}, order {order}.", "{email}."],
    investigation: [
      "Points are added 14 days after delivery, once the return window closes.",
      "I can see the order but no points entry.",
    ],
    resolutions: [
      "I've added the missing 240 points manually; they show on your account now.",
      "The points will land on the 14th day after delivery, which is this Friday.",
    ],
    pending: ["I've asked the loyalty team to correct the balance; it can take up to 5 working days."],
    followUps: [["Do points expire?", "They last 12 months from your last purchase."]],
  }),
];

const ITEMS = [
  "rain jacket",
  "coffee grinder",
  "desk lamp",
  "running shoes",
  "bedding set",
  "wireless headphones",
  "kids' backpack",
  "cast-iron pan",
];

const GREETINGS: Record<Channel, string[]> = {
  chat: [
    "Hi {customer}, thanks for contacting Northwind Retail. My name is {agent}, how can I help today?",
    "Hello {customer}! You're chatting with {agent}. What can I do for you?",
  ],
  call: [
    "Thank you for calling Northwind Retail, this is {agent}. Calls are recorded for quality. How can I help?",
    "Good morning, Northwind Retail, {agent} speaking. This call is recorded. How can I help you today?",
  ],
  email: ["Hi {customer},\n\nThank you for getting in touch, and sorry for the trouble."],
};
const CURT_GREETINGS = ["Hi. What's the issue?", "Hello, how can I help?"];
const VERIFY = [
  "I can help with that. To keep your account secure, could you confirm the email on the account and the order number?",
  "Happy to look into it. First, can you confirm your email address and the order number, please?",
];
const HOLDING = ["Thanks for waiting, I'm still checking.", "Bear with me a moment while I look at this."];
const CUSTOMER_ACK = ["Okay.", "Okay, thanks.", "Right, sure.", "Alright, go on."];
const ANYTHING_ELSE = ["Is there anything else I can help with today?", "Is there anything else I can do for you?"];
const CUSTOMER_THANKS = [
  "No, that's all. Thanks for your help!",
  "That's everything, thank you.",
  "No thanks, that's great.",
];
const CLOSINGS = [
  "You're welcome, {customer}. Have a lovely day!",
  "Thanks for contacting Northwind Retail. Take care!",
];
const ESCALATE = [
  "I'm going to pass this to our Tier 2 team, who can look deeper. I've summarised everything so you won't need to repeat yourself.",
  "This needs a specialist, so I'm transferring you to Tier 2 with my notes.",
];
const CUSTOMER_FRUSTRATED = [
  "This is the second time I've had to contact you about this.",
  "Honestly, I expected this to be sorted by now.",
];
const EMPATHY = [
  "I completely understand, and I'm sorry you've had to chase this.",
  "I'm sorry, that's really frustrating.",
];

export type TranscriptInput = {
  channel: Channel;
  reason: ContactReason;
  customerFirstName: string;
  customerEmail: string;
  agentFirstName: string;
  orderNumber: string;
  /** 0..1: weaker agents skip courtesies and verification now and then. */
  skill: number;
  resolved: boolean;
  escalated: boolean;
  firstResponseSeconds: number;
  /** Seconds from start to the last turn. */
  durationSeconds: number;
};

type Draft = { speaker: TranscriptTurn["speaker"]; text: string };

/** The conversation and its ticket subject (calls get the wrap-up reason as subject). */
export function buildTranscript(
  rng: Random,
  input: TranscriptInput,
): { subject: string; transcript: TranscriptTurn[] } {
  const vars: Record<string, string> = {
    customer: input.customerFirstName,
    agent: input.agentFirstName,
    order: input.orderNumber,
    email: input.customerEmail,
    amount: `$${rng.int(12, 240)}.${String(rng.int(0, 99)).padStart(2, "0")}`,
    item: rng.pick(ITEMS),
    days: String(rng.int(3, 5)),
  };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? key);
  const drafts = input.channel === "email" ? emailDrafts(rng, input) : liveDrafts(rng, input);
  const subject = input.channel === "call" ? `Call: ${input.reason.label}` : fill(rng.pick(input.reason.subjects));
  return {
    subject,
    transcript: timeTurns(
      rng,
      input,
      drafts.map((d) => ({ speaker: d.speaker, text: fill(d.text) })),
    ),
  };
}

/** Chat and call: strictly alternating agent and customer turns between system events. */
function liveDrafts(rng: Random, input: TranscriptInput): Draft[] {
  const { reason, channel } = input;
  const careless = rng.chance(0.35 * (1 - input.skill));
  const d: Draft[] = [];
  const agent = (text: string) => d.push({ speaker: "agent", text });
  const customer = (text: string) => d.push({ speaker: "customer", text });
  d.push({
    speaker: "system",
    text:
      channel === "chat"
        ? `Chat started from the Help Centre (queue: ${reason.queue})`
        : `Inbound call routed from IVR option "${reason.queue}"`,
  });
  agent(careless ? rng.pick(CURT_GREETINGS) : rng.pick(GREETINGS[channel]));
  customer(rng.pick(reason.openings));
  if (reason.verify && !(careless && rng.chance(0.5))) {
    agent(rng.pick(VERIFY));
    customer(rng.pick(reason.details));
  }
  agent(rng.pick(reason.investigation));
  const extra = rng.int(0, 3);
  for (let i = 0; i < extra; i++) {
    if (i === 0 && rng.chance(0.4)) {
      customer(rng.pick(CUSTOMER_FRUSTRATED));
      agent(careless ? "Okay." : rng.pick(EMPATHY));
    } else if (i < reason.followUps.length) {
      const [question, answer] = reason.followUps[i];
      customer(question);
      agent(answer);
    } else {
      customer(rng.pick(CUSTOMER_ACK));
      agent(rng.pick(HOLDING));
    }
  }
  if (input.escalated) {
    customer(rng.pick(CUSTOMER_ACK));
    agent(rng.pick(ESCALATE));
    d.push({
      speaker: "system",
      text: channel === "chat" ? "Chat transferred to queue Tier 2" : "Call transferred to Tier 2 (warm transfer)",
    });
    return d;
  }
  customer(rng.pick(CUSTOMER_ACK));
  agent(rng.pick(input.resolved ? reason.resolutions : reason.pending));
  if (!careless) {
    customer(rng.pick(CUSTOMER_ACK));
    agent(rng.pick(ANYTHING_ELSE));
  }
  customer(rng.pick(CUSTOMER_THANKS));
  agent(rng.pick(CLOSINGS));
  d.push({ speaker: "system", text: channel === "chat" ? "Chat ended by agent" : "Call ended" });
  return d;
}

/** Email: whole messages, with a greeting and sign-off on every agent reply. */
function emailDrafts(rng: Random, input: TranscriptInput): Draft[] {
  const { reason } = input;
  const signOff = "\n\nKind regards,\n{agent}\nNorthwind Retail Customer Care";
  let replied = false;
  const agentMail = (body: string) => {
    const greeting = replied ? "Hi {customer}," : rng.pick(GREETINGS.email);
    replied = true;
    return { speaker: "agent" as const, text: `${greeting}\n\n${body}${signOff}` };
  };
  const customerMail = (body: string) => ({
    speaker: "customer" as const,
    text: `Hello,\n\n${body}\n\nThanks,\n{customer}`,
  });
  const d: Draft[] = [
    { speaker: "system", text: `Ticket created from email to help@northwind.example (queue: ${reason.queue})` },
  ];
  d.push(customerMail(`${rng.pick(reason.openings)} ${rng.chance(0.5) ? rng.pick(reason.details) : ""}`.trim()));
  if (reason.verify && rng.chance(0.5)) {
    d.push(agentMail(`${rng.pick(VERIFY)}`));
    d.push(customerMail(rng.pick(reason.details)));
  }
  const rounds = rng.int(0, 2);
  for (let i = 0; i < rounds && i < reason.followUps.length; i++) {
    const [question, answer] = reason.followUps[i];
    d.push(agentMail(`${rng.pick(reason.investigation)} ${answer}`));
    d.push(customerMail(question));
  }
  if (input.escalated) {
    d.push(agentMail(`${rng.pick(reason.investigation)} ${rng.pick(HOLDING)}`));
    d.push(customerMail(rng.pick(CUSTOMER_FRUSTRATED)));
    d.push(agentMail(rng.pick(ESCALATE)));
    d.push({ speaker: "system", text: "Ticket escalated to Tier 2" });
    return d;
  }
  d.push(
    agentMail(`${rng.pick(reason.investigation)} ${rng.pick(input.resolved ? reason.resolutions : reason.pending)}`),
  );
  d.push(customerMail(rng.pick(CUSTOMER_THANKS)));
  d.push(agentMail(rng.pick(CLOSINGS)));
  d.push({ speaker: "system", text: input.resolved ? "Ticket solved" : "Ticket set to pending" });
  return d;
}

/** Spreads turns over the conversation: the first agent turn lands at firstResponseSeconds, the last at the end. */
function timeTurns(rng: Random, input: TranscriptInput, drafts: Draft[]): TranscriptTurn[] {
  const firstAgent = drafts.findIndex((d) => d.speaker === "agent");
  const start = Math.max(firstAgent, Math.round(input.firstResponseSeconds));
  const end = Math.max(start + drafts.length, Math.round(input.durationSeconds));
  // Longer messages take longer to write or say.
  const gaps = drafts.slice(firstAgent + 1).map((d) => rng.between(0.5, 1.5) * (20 + d.text.length));
  const scale = (end - start) / gaps.reduce((a, b) => a + b, 0);
  const turns: TranscriptTurn[] = [];
  let elapsed = 0;
  drafts.forEach((draft, i) => {
    let atSeconds = i; // system event and opening message before the first reply
    if (i >= firstAgent) {
      if (i > firstAgent) elapsed += gaps[i - firstAgent - 1];
      atSeconds = Math.max(turns[i - 1].atSeconds + 1, start + Math.round(elapsed * scale));
    }
    turns.push({ speaker: draft.speaker, atSeconds, text: draft.text });
  });
  return turns;
}
