
j

steps/is_first

'
steps/observation/state

млл=млL>
&
steps/language_instruction

pick