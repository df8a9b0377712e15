/** Name pools for demo people: diverse on purpose, as a global support workforce and customer base are. */

export const FIRST_NAMES = [
  "Aaliyah", "Abdul", "Adaeze", "Aiko", "Aisha", "Alejandro", "Amara", "Amir", "Ana", "Andrei",
  "Anjali", "Arjun", "Astrid", "Ayesha", "Bao", "Beatriz", "Bilal", "Bongani", "Camila", "Carlos",
  "Chen", "Chidi", "Chloé", "Dana", "Daniel", "Darius", "Deepa", "Diego", "Dmitri", "Elif",
  "Elena", "Emeka", "Emily", "Esperanza", "Fatima", "Felipe", "Femi", "Gabriel", "Grace", "Hana",
  "Hassan", "Hiroshi", "Ibrahim", "Ines", "Isabela", "Ivan", "Jamal", "Jasmine", "Javier", "Ji-woo",
  "Joao", "Jonas", "Joseph", "Julia", "Kai", "Kavya", "Kenji", "Kofi", "Lakshmi", "Layla",
  "Leila", "Liam", "Lina", "Lucas", "Lucía", "Mai", "Malik", "Mariam", "Marco", "Maria",
  "Mateo", "Maya", "Mei", "Miguel", "Min-jun", "Mohammed", "Nadia", "Naledi", "Nikhil", "Nina",
  "Noah", "Nour", "Olivia", "Omar", "Oluwaseun", "Paolo", "Priya", "Rafael", "Rahul", "Rania",
  "Ravi", "Rosa", "Ruth", "Sakura", "Samir", "Sana", "Santiago", "Sara", "Sebastián", "Shira",
  "Siddharth", "Sofia", "Soo-ah", "Tariq", "Thabo", "Thanh", "Tomás", "Uche", "Valentina", "Victor",
  "Wei", "Yara", "Yasmin", "Yusuf", "Zainab", "Zanele", "Zoë", "Zoltan",
] as const;

export const LAST_NAMES = [
  "Abubakar", "Acheampong", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bakker", "Banda", "Bautista", "Becker",
  "Bhatt", "Castillo", "Chaudhry", "Chen", "Cohen", "Costa", "Cruz", "Dang", "Das", "Diallo",
  "Dlamini", "Dubois", "Eze", "Fernandes", "Fischer", "Flores", "Garcia", "Ghosh", "Gomez", "Gupta",
  "Haddad", "Hashemi", "Hernandez", "Hoang", "Horvath", "Hussain", "Ibrahim", "Iyer", "Jansen", "Jimenez",
  "Kaur", "Khan", "Kim", "Kowalski", "Kumar", "Lee", "Lima", "Lopez", "Mahlangu", "Mendoza",
  "Mensah", "Moreno", "Morris", "Murphy", "Nakamura", "Nair", "Ndlovu", "Nguyen", "Novak", "Nowak",
  "Obi", "Okafor", "Okonkwo", "Oliveira", "Ortiz", "Owusu", "Park", "Patel", "Pereira", "Petrov",
  "Pham", "Popescu", "Qureshi", "Ramirez", "Rao", "Reyes", "Rossi", "Saleh", "Santos", "Sato",
  "Schmidt", "Shah", "Silva", "Singh", "Sokolov", "Suzuki", "Tan", "Tanaka", "Torres", "Tran",
  "Uddin", "Van Dijk", "Vargas", "Vasquez", "Wang", "Watanabe", "Williams", "Wong", "Yadav", "Yamamoto",
  "Yilmaz", "Yusuf", "Zhang", "Zhou", "O'Brien", "Mbeki", "Kariuki", "Achterberg", "Lindqvist", "Moyo",
] as const;

/** "Chloé O'Brien" -> "chloe.obrien": ASCII, lower case, no spaces or apostrophes. */
export function emailLocalPart(first: string, last: string): string {
  const clean = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "");
  return `${clean(first)}.${clean(last)}`;
}
